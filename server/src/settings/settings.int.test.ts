import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, IntegrationToken } from '@reviewtrace/contracts';
import { makeOrgWithUsers, makeReview, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

const KEY = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx1234';

describe(`settings: connectors and git tokens on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let orgA: number;
  let owner: TestUser;
  let member: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    ctx = await startTestApp();
    ({ orgId: orgA, owner, member, stranger } = await makeOrgWithUsers(ctx.database.db));
  });
  afterAll(() => ctx.close());

  const call = (user: TestUser | null, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    request(ctx.app, user?.token, { method, url: `/api/v1${url}`, payload });
  const connectorBody = {
    providerType: 'openai',
    name: 'OpenAI prod',
    baseUrl: 'https://api.openai.com/v1',
    apiKey: KEY,
    model: 'gpt-4o-mini',
  };

  it('creates a connector with its key encrypted at rest and masked in every response', async () => {
    const created = await call(owner, 'POST', '/connectors', connectorBody);
    expect(created.statusCode).toBe(201);
    const connector = created.json() as Connector;
    expect(connector).toMatchObject({
      orgId: orgA,
      providerType: 'openai',
      name: 'OpenAI prod',
      model: 'gpt-4o-mini',
      streaming: true,
      apiKey: '••••1234',
    });
    expect(created.body).not.toContain(KEY);
    const row = await ctx.database.db
      .selectFrom('ai_connectors')
      .select('api_key')
      .where('id', '=', connector.id)
      .executeTakeFirstOrThrow();
    expect(row.api_key).toMatch(/^enc:v1:/);
    expect(row.api_key).not.toContain('1234');

    const listed = (await call(member, 'GET', '/connectors')).json() as { items: Connector[] };
    expect(listed.items.map((c) => c.id)).toContain(connector.id);
    expect(JSON.stringify(listed)).not.toContain(KEY);
  });

  it('rotates and removes a key, and switches streaming off', async () => {
    const { id } = (await call(owner, 'POST', '/connectors', connectorBody)).json() as Connector;
    const rotated = await call(owner, 'PATCH', `/connectors/${id}`, {
      apiKey: 'sk-proj-NewKeyNewKeyNewKey9876',
      streaming: false,
    });
    expect(rotated.json()).toMatchObject({ apiKey: '••••9876', streaming: false, name: 'OpenAI prod' });
    expect((await call(owner, 'PATCH', `/connectors/${id}`, { apiKey: null })).json()).toMatchObject({ apiKey: null });
  });

  it('deletes a connector; its reviews keep their model', async () => {
    const { id } = (await call(owner, 'POST', '/connectors', connectorBody)).json() as Connector;
    const reviewId = await makeReview(ctx.database.db, orgA, { connectorId: id });
    expect((await call(owner, 'DELETE', `/connectors/${id}`)).statusCode).toBe(204);
    expect((await call(owner, 'GET', `/connectors/${id}`)).statusCode).toBe(404);
    const review = await ctx.database.db
      .selectFrom('reviews')
      .select(['connector_id', 'ai_model'])
      .where('id', '=', reviewId)
      .executeTakeFirstOrThrow();
    expect(review).toEqual({ connector_id: null, ai_model: 'gpt-4o-mini' });
  });

  it.each([
    [{ ...connectorBody, providerType: 'claude' }, 'body.providerType'],
    [{ ...connectorBody, baseUrl: 'ftp://x' }, 'body.baseUrl'],
    [{ ...connectorBody, name: '' }, 'body.name'],
    [{ providerType: 'ollama' }, 'body.name'],
  ])('rejects %j naming %s', async (payload, field) => {
    const response = await call(owner, 'POST', '/connectors', payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('rejects an empty PATCH', async () => {
    const { id } = (await call(owner, 'POST', '/connectors', connectorBody)).json() as Connector;
    expect((await call(owner, 'PATCH', `/connectors/${id}`, {})).statusCode).toBe(400);
  });

  it('lets members read connectors but not change them; other orgs see nothing', async () => {
    const { id } = (await call(owner, 'POST', '/connectors', connectorBody)).json() as Connector;
    expect((await call(member, 'GET', `/connectors/${id}`)).statusCode).toBe(200);
    expect((await call(member, 'POST', '/connectors', connectorBody)).statusCode).toBe(403);
    expect((await call(member, 'PATCH', `/connectors/${id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await call(member, 'DELETE', `/connectors/${id}`)).statusCode).toBe(403);
    expect((await call(stranger, 'GET', `/connectors/${id}`)).statusCode).toBe(404);
    expect((await call(stranger, 'PATCH', `/connectors/${id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await call(stranger, 'DELETE', `/connectors/${id}`)).statusCode).toBe(404);
    expect((await call(null, 'GET', '/connectors')).statusCode).toBe(401);
  });

  it('keeps git tokens write-only and owner-only', async () => {
    const created = await call(owner, 'POST', '/integration-tokens', {
      provider: 'gitlab',
      name: 'Self-hosted GitLab',
      providerUrl: 'https://gitlab.acme.dev',
      token: 'glpat-abcdefghijklmnop5678',
    });
    expect(created.statusCode).toBe(201);
    const token = created.json() as IntegrationToken;
    expect(token).toMatchObject({
      provider: 'gitlab',
      name: 'Self-hosted GitLab',
      providerUrl: 'https://gitlab.acme.dev',
      token: '••••5678',
    });
    const row = await ctx.database.db
      .selectFrom('integration_tokens')
      .select('token')
      .where('id', '=', token.id)
      .executeTakeFirstOrThrow();
    expect(row.token).toMatch(/^enc:v1:/);

    expect(
      (await call(owner, 'PATCH', `/integration-tokens/${token.id}`, { token: 'glpat-rotatedrotatedrot0000' })).json(),
    ).toMatchObject({ token: '••••0000' });
    expect((await call(member, 'GET', '/integration-tokens')).statusCode).toBe(403);
    expect((await call(stranger, 'GET', `/integration-tokens/${token.id}`)).statusCode).toBe(404);
    expect((await call(stranger, 'DELETE', `/integration-tokens/${token.id}`)).statusCode).toBe(404);
    expect(
      (
        await call(owner, 'POST', '/integration-tokens', {
          provider: 'bitbucket',
          name: 'x',
          providerUrl: 'https://x',
          token: 't',
        })
      ).statusCode,
    ).toBe(400);
    expect((await call(owner, 'DELETE', `/integration-tokens/${token.id}`)).statusCode).toBe(204);
    expect((await call(owner, 'GET', '/integration-tokens')).json()).toEqual({ items: [] });
  });

  it('shows an operator-inserted plain key masked, never in full', async () => {
    await ctx.database.db
      .insertInto('ai_connectors')
      .values({
        org_id: orgA,
        provider_name: 'ollama',
        connector_name: 'SQL-made',
        base_url: 'http://127.0.0.1:11434',
        api_key: 'plain-operator-key-4321',
        selected_model: 'llama3',
      })
      .execute();
    const listed = (await call(owner, 'GET', '/connectors')).json() as { items: Connector[] };
    expect(listed.items.find((c) => c.name === 'SQL-made')?.apiKey).toBe('••••4321');
  });
});
