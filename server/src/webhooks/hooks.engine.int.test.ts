import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitWebhookSecret } from '@reviewtrace/contracts';
import { startEngineHarness, type EngineHarness } from '../testing/engine-harness.ts';
import { asGitHubFile, numberedChanges } from '../testing/fake-git/fake-changes.ts';
import { startFakeGitHub, type FakeGitHub } from '../testing/fake-git/fake-github.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { openSse } from '../testing/sse-client.ts';
import { githubExample, sendGitHub } from '../testing/webhook-payloads.ts';

const TOKEN = 'ghp_webhookTokenValue0000000000000001';

describe(`a webhook delivery reviewed by the engine on ${testDatabaseKind}`, { timeout: 60_000 }, () => {
  let h: EngineHarness;
  let github: FakeGitHub;
  let hook: GitWebhookSecret;
  /** A webhook whose connector never answers, so its review stays running until it is stopped. */
  let stalledHook: GitWebhookSecret;

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
          number: 8,
          title: 'Tune the cache',
          author: { login: 'praman', name: 'Priya Raman' },
          headRef: 'praman/cache',
          headSha: 'fed4321cba',
          files: numberedChanges(3).map(asGitHubFile),
        },
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
    const stalled = await h.api('POST', '/git-webhooks', {
      provider: 'github',
      integrationTokenId: (token.json as { id: number }).id,
      connectorId: await h.connector('openai', 'no-answer'),
    });
    stalledHook = stalled.json as GitWebhookSecret;
  });
  afterAll(async () => {
    await h.close();
    await github.close();
  });

  const hooksBase = () => h.baseUrl.replace(/\/api\/v1$/, '');
  /** A `synchronize` of acme/web#number at the fake GitHub, as a push sends it. */
  const push = (number: number, headSha: string) => {
    const payload = githubExample('pull_request', 'synchronize');
    payload.number = number;
    payload.repository.full_name = 'acme/web';
    payload.pull_request.html_url = `${github.origin}/acme/web/pull/${number}`;
    payload.pull_request.head.sha = headSha;
    return payload;
  };

  it('runs the queued review of the pushed pull request to success', async () => {
    const answer = await sendGitHub(hooksBase(), hook, 'pull_request', push(7, 'abc1234def'));
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

  it('stops a running review when a push supersedes it, saving none of its comments', async () => {
    const first = await sendGitHub(hooksBase(), stalledHook, 'pull_request', push(8, 'fed4321cba'));
    const firstId = first.body['reviewId'] as number;
    const sse = await openSse(`${h.baseUrl}/reviews/${firstId}/stream`, { authorization: `Bearer ${h.owner.token}` });
    await sse.until((f) => f.event === 'model_call');
    sse.close();

    const second = await sendGitHub(hooksBase(), stalledHook, 'pull_request', push(8, 'fed4321cbb'));
    const secondId = second.body['reviewId'] as number;
    expect(second.body).toMatchObject({
      status: 'queued',
      reason: `queued review #${secondId}, superseded #${firstId}`,
    });

    expect(await h.finished(firstId)).toMatchObject({
      status: 'canceled',
      errorCategory: 'canceled',
      errorSummary: `Superseded by #${secondId} (new commits)`,
      commentCount: 0,
    });
    const saved = await h.database.db.selectFrom('ai_comments').select('id').where('review_id', '=', firstId).execute();
    expect(saved).toEqual([]);

    // The new review is the PR's one active review; stop it too, it would only wait on the same model.
    expect((await h.api('POST', `/reviews/${secondId}/cancel`)).status).toBe(202);
    expect(await h.finished(secondId)).toMatchObject({ status: 'canceled' });
  });
});
