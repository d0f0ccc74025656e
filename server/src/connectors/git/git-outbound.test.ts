import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '../../testing/engine-failure.ts';
import { OutboundPolicy } from '../../outbound/outbound-policy.ts';
import { startFakeHttpServer, type FakeHttpServer } from '../../testing/fake-git/fake-http-server.ts';
import { fetchPullRequest } from './fetch-pull-request.ts';
import type { GitToken, PullRequestRef } from './git-types.ts';

/** What a host that is not really a git provider (an internal service) might say. */
const INTERNAL_WORDS = 'db-primary.internal:5432 user=admin says hello';

const github: PullRequestRef = {
  provider: 'github',
  host: 'github.example.com',
  repository: 'acme/app',
  number: 1,
};
const gitlab: PullRequestRef = {
  provider: 'gitlab',
  host: 'gitlab.example.com',
  repository: 'acme/app',
  number: 1,
};

let host: FakeHttpServer;
beforeAll(async () => {
  host = await startFakeHttpServer((request) =>
    request.rawPath.startsWith('/api/v4')
      ? { status: 403, body: { error: 'insufficient_scope', error_description: INTERNAL_WORDS } }
      : { status: 500, body: { message: INTERNAL_WORDS } },
  );
});
afterAll(() => host.close());

const token = (provider: 'github' | 'gitlab'): GitToken => ({ provider, providerUrl: host.origin, token: 'tok' });

describe('git provider errors in review logs', () => {
  it('name the status, never the words of a GitHub host’s body (members read logs)', async () => {
    const error = await failureOf(fetchPullRequest(github, token('github'), { outbound: OutboundPolicy.open() }));
    expect(error).toMatchObject({ category: 'git_provider', httpStatus: 500 });
    expect(error.message).toBe('GitHub answered 500 for acme/app#1');
    expect(error.providerDetail).toContain(INTERNAL_WORDS);
  });

  it('name GitLab’s error code, never its description', async () => {
    const error = await failureOf(fetchPullRequest(gitlab, token('gitlab'), { outbound: OutboundPolicy.open() }));
    expect(error).toMatchObject({ category: 'git_provider', httpStatus: 403 });
    expect(error.message).toContain('GitLab refused access to acme/app!1 (403: insufficient_scope)');
    expect(error.message).not.toContain('db-primary');
  });
});

describe.each(['github', 'gitlab'] as const)('%s under the restricted outbound policy', (provider) => {
  it('is refused before anything is sent, as a network error that says why', async () => {
    const before = host.requests.length;
    const error = await failureOf(
      fetchPullRequest(provider === 'github' ? github : gitlab, token(provider), {
        outbound: new OutboundPolicy('restricted'),
      }),
    );
    expect(error.category).toBe('network');
    expect(error.message).toContain(
      'blocked by the outbound policy: 127.0.0.1 is a loopback address (set OUTBOUND_ALLOW to permit it)',
    );
    expect(host.requests.length).toBe(before);
  });
});
