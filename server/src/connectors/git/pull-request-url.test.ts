import { describe, expect, it } from 'vitest';
import { EngineError } from '../../errors/engine-error.ts';
import { parsePullRequestUrl, UnsupportedPullRequestUrlError } from './pull-request-url.ts';

describe('parsePullRequestUrl', () => {
  it.each([
    ['https://github.com/octo/hello-world/pull/42', 'github', 'octo/hello-world', 42, 'github.com'],
    ['https://github.com/octo/hello-world/pull/42/files?w=1#diff-1', 'github', 'octo/hello-world', 42, 'github.com'],
    ['https://GHE.corp/platform/api/pull/7/commits', 'github', 'platform/api', 7, 'ghe.corp'],
    ['https://gitlab.com/globex/billing/-/merge_requests/12', 'gitlab', 'globex/billing', 12, 'gitlab.com'],
    [
      'https://gitlab.acme.dev/platform/backend/inventory-api/-/merge_requests/305/diffs',
      'gitlab',
      'platform/backend/inventory-api',
      305,
      'gitlab.acme.dev',
    ],
    [
      'https://gitlab.acme.dev/platform/warehouse-sync/merge_requests/9',
      'gitlab',
      'platform/warehouse-sync',
      9,
      'gitlab.acme.dev',
    ],
    ['http://127.0.0.1:8929/team/app/-/merge_requests/3', 'gitlab', 'team/app', 3, '127.0.0.1:8929'],
    ['  https://github.com/octo/hello-world/pull/1  ', 'github', 'octo/hello-world', 1, 'github.com'],
  ])('%s', (url, provider, repository, number, host) => {
    expect(parsePullRequestUrl(url)).toEqual({ provider, repository, number, host });
  });

  it.each([
    ['not a url', 'not a URL'],
    ['ftp://github.com/octo/hello/pull/1', 'scheme ftp: is not http(s)'],
    ['https://github.com/octo/hello/issues/1', 'no pull or merge request in the path'],
    ['https://github.com/octo/pull/1', 'no pull or merge request in the path'],
    ['https://github.com/octo/hello/pull/0', '"0" is not a pull/merge request number'],
    ['https://github.com/octo/hello/pull/abc', '"abc" is not a pull/merge request number'],
    ['https://gitlab.com/group/project/-/merge_requests', '"" is not a pull/merge request number'],
    ['https://gitlab.com/project/-/merge_requests/1', 'no pull or merge request in the path'],
    ['https://github.com/group/project/-/merge_requests/1', 'github.com does not serve gitlab URLs'],
  ])('rejects %s (%s)', (url, reason) => {
    let caught: unknown;
    try {
      parsePullRequestUrl(url);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnsupportedPullRequestUrlError);
    expect(caught).toBeInstanceOf(EngineError);
    const error = caught as UnsupportedPullRequestUrlError;
    expect(error.category).toBe('git_provider');
    expect(error.url).toBe(url);
    expect(error.message).toContain(reason);
    expect(error.message).toContain('/pull/<number>');
    expect(error.message).toContain('/-/merge_requests/<number>');
  });
});
