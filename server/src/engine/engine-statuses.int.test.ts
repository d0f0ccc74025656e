import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewSummary } from '@reviewtrace/contracts';
import { startEngineHarness, type EngineHarness } from '../testing/engine-harness.ts';
import { asGitHubFile, numberedChanges } from '../testing/fake-git/fake-changes.ts';
import { startFakeGitHub, type FakeGitHub } from '../testing/fake-git/fake-github.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

const TOKEN = 'ghp_manualStatusesToken00000000000001';
const HEAD = '5eed1234abcd5eed1234abcd5eed1234abcd5eed';

describe(`commit statuses of a manual pull request review on ${testDatabaseKind}`, { timeout: 60_000 }, () => {
  let h: EngineHarness;
  let github: FakeGitHub;

  beforeAll(async () => {
    h = await startEngineHarness();
    h.startEngine({ publicUrl: 'https://reviews.example.com' });
    github = await startFakeGitHub({
      token: TOKEN,
      pulls: [
        {
          owner: 'acme',
          repo: 'api',
          number: 4,
          title: 'Limits',
          author: { login: 'praman', name: 'Priya Raman' },
          headRef: 'praman/limits',
          headSha: HEAD,
          files: numberedChanges(2).map(asGitHubFile),
        },
      ],
    });
    await h.api('POST', '/integration-tokens', {
      provider: 'github',
      name: 'Bot',
      providerUrl: github.origin,
      token: TOKEN,
    });
  });
  afterAll(async () => {
    await h.close();
    await github.close();
  });

  const review = async (connectorId: number) => {
    const created = await h.api('POST', '/reviews', { prMrUrl: `${github.origin}/acme/api/pull/4`, connectorId });
    return h.finished((created.json as ReviewSummary).id);
  };

  it('sets none when the connector does not post back', async () => {
    expect((await review(await h.connector('openai'))).status).toBe('success');
    expect(github.statuses).toEqual([]);
  });

  it('sets pending then success on the fetched head when the connector posts back', async () => {
    const posting = await h.connector('openai');
    await h.api('PATCH', `/connectors/${posting}`, { postComments: true });
    const detail = await review(posting);
    expect(github.statuses[0]).toMatchObject({ sha: HEAD, state: 'pending', description: 'Reviewtrace: reviewing' });
    expect(github.statuses.at(-1)).toMatchObject({
      sha: HEAD,
      state: 'success',
      target_url: `https://reviews.example.com/reviews/${detail.id}`,
    });
  });
});
