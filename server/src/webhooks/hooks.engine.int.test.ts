import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitWebhookSecret } from '@reviewtrace/contracts';
import { startEngineHarness, type EngineHarness } from '../testing/engine-harness.ts';
import { asGitHubFile, numberedChanges } from '../testing/fake-git/fake-changes.ts';
import { startFakeGitHub, type FakeGitHub } from '../testing/fake-git/fake-github.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { githubExample, sendGitHub } from '../testing/webhook-payloads.ts';

const TOKEN = 'ghp_webhookTokenValue0000000000000001';

describe(`a webhook delivery reviewed by the engine on ${testDatabaseKind}`, { timeout: 60_000 }, () => {
  let h: EngineHarness;
  let github: FakeGitHub;
  let hook: GitWebhookSecret;

  beforeAll(async () => {
    h = await startEngineHarness();
    h.startEngine();
    github = await startFakeGitHub({
      token: TOKEN,
      pathPrefix: '/api/v3',
      pulls: [
        {
          owner: 'acme',
          repo: 'web',
          number: 7,
          title: 'Raise module limits',
          author: { login: 'praman', name: 'Priya Raman' },
          headRef: 'praman/limits',
          headSha: 'abc1234def',
          files: numberedChanges(10).map(asGitHubFile),
        },
      ],
    });
    const token = await h.api('POST', '/integration-tokens', {
      provider: 'github',
      name: 'GHE',
      providerUrl: github.apiUrl,
      token: TOKEN,
    });
    const connectorId = await h.connector('openai');
    const created = await h.api('POST', '/git-webhooks', {
      provider: 'github',
      integrationTokenId: (token.json as { id: number }).id,
      connectorId,
    });
    hook = created.json as GitWebhookSecret;
  });
  afterAll(async () => {
    await h.close();
    await github.close();
  });

  it('runs the queued review of the pushed pull request to success', async () => {
    const payload = githubExample('pull_request', 'synchronize');
    payload.number = 7;
    payload.repository.full_name = 'acme/web';
    payload.pull_request.html_url = `${github.origin}/acme/web/pull/7`;
    payload.pull_request.head.sha = 'abc1234def';
    const answer = await sendGitHub(h.baseUrl.replace(/\/api\/v1$/, ''), hook, 'pull_request', payload);
    expect(answer.body).toMatchObject({ status: 'queued' });

    const detail = await h.finished(answer.body['reviewId'] as number);
    expect(detail).toMatchObject({
      status: 'success',
      triggerType: 'webhook',
      repository: 'acme/web',
      prMrUrl: `${github.origin}/acme/web/pull/7`,
    });
    expect(github.requests.some((r) => r.rawPath.endsWith('/pulls/7/files'))).toBe(true);
  });
});
