import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { EngineError } from '../errors/engine-error.ts';
import { makeConnector, makeOrg } from '../testing/factories.ts';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.ts';
import { SecretBox } from './secret-box.ts';
import { openConnector, openGitTokens, openOrgSecrets } from './secrets.ts';

const KEY = 'sk-proj-Zq8Wv3Lm5Tn7Rb2Xc9Yd4Kf6Hg1Js0Pa';
const TOKEN = 'ghp_Qm2Vx8Lr4Tn6Wb9Zc3Yd7Kf1Hg5Js0PaXb';

describe(`the sealing module on ${testDatabaseKind}`, () => {
  let database: Database;
  const box = new SecretBox('a-secrets-key-of-at-least-32-characters');
  let orgId: number;
  let otherOrgId: number;

  beforeAll(async () => {
    database = await openTestDatabase();
    orgId = await makeOrg(database.db);
    otherOrgId = await makeOrg(database.db);
  });
  afterAll(() => database.close());

  const sealKey = (connectorId: number, sealed: string | null, settings?: object) =>
    database.db
      .updateTable('ai_connectors')
      .set({ api_key: sealed, ...(settings ? { settings: JSON.stringify(settings) } : {}) })
      .where('id', '=', connectorId)
      .execute();

  it('opens the key of the org’s own connector, with its name and post-comments setting', async () => {
    const id = await makeConnector(database.db, orgId, { provider: 'openai', name: 'Team OpenAI', model: 'gpt-4o' });
    await sealKey(id, box.seal(KEY), { postComments: true });

    const connector = await openConnector(database.db, box, orgId, id);

    expect(connector).toMatchObject({
      providerType: 'openai',
      name: 'Team OpenAI',
      apiKey: KEY,
      model: 'gpt-4o',
      postComments: true,
    });
  });

  it('does not open another org’s connector', async () => {
    const id = await makeConnector(database.db, otherOrgId, { provider: 'openai' });
    await sealKey(id, box.seal(KEY));

    expect(await openConnector(database.db, box, orgId, id)).toBeUndefined();
  });

  it('refuses a provider this build does not know with an `unknown` engine error', async () => {
    const id = await makeConnector(database.db, orgId, { provider: 'anthropic' });

    const opening = openConnector(database.db, box, orgId, id);

    await expect(opening).rejects.toBeInstanceOf(EngineError);
    await expect(opening).rejects.toMatchObject({ category: 'unknown', message: /anthropic/ });
  });

  it('opens git tokens of the org only, sealed or inserted in plain text by an operator', async () => {
    const org = await makeOrg(database.db);
    await database.db
      .insertInto('integration_tokens')
      .values([
        { org_id: org, provider: 'github', provider_url: 'https://api.github.com', token: box.seal(TOKEN) },
        { org_id: org, provider: 'gitlab', provider_url: 'https://gitlab.example', token: 'glpat-plain-from-sql' },
        {
          org_id: otherOrgId,
          provider: 'github',
          provider_url: 'https://api.github.com',
          token: box.seal('ghp_other'),
        },
      ])
      .execute();

    const tokens = await openGitTokens(database.db, box, org);

    expect(tokens).toEqual([
      { provider: 'github', providerUrl: 'https://api.github.com', token: TOKEN },
      { provider: 'gitlab', providerUrl: 'https://gitlab.example', token: 'glpat-plain-from-sql' },
    ]);
  });

  it('opens every secret it can read for masking and skips one sealed under another key', async () => {
    const org = await makeOrg(database.db);
    const readable = await makeConnector(database.db, org);
    await sealKey(readable, box.seal(KEY));
    const foreign = await makeConnector(database.db, org);
    await sealKey(foreign, new SecretBox('another-secrets-key-of-32-characters!!').seal('sk-unreadable'));

    expect(await openOrgSecrets(database.db, box, org)).toEqual([KEY]);
  });
});
