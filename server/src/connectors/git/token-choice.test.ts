import { describe, expect, it } from 'vitest';
import type { GitToken } from './git-types.ts';
import { parsePullRequestUrl } from './pull-request-url.ts';
import { chooseToken } from './token-choice.ts';

const githubCom: GitToken = { provider: 'github', providerUrl: 'https://api.github.com', token: 'gh-public' };
const enterprise: GitToken = { provider: 'github', providerUrl: 'https://ghe.corp/api/v3/', token: 'gh-enterprise' };
const gheCom: GitToken = { provider: 'github', providerUrl: 'https://api.acme.ghe.com', token: 'gh-ghe-com' };
const gitlabCom: GitToken = { provider: 'gitlab', providerUrl: 'https://gitlab.com', token: 'gl-public' };
const selfHosted: GitToken = { provider: 'gitlab', providerUrl: 'https://GitLab.Acme.dev/api/v4', token: 'gl-acme' };
const broken: GitToken = { provider: 'gitlab', providerUrl: 'not a url', token: 'gl-broken' };
const tokens = [broken, gitlabCom, selfHosted, githubCom, enterprise, gheCom];

const tokenFor = (url: string, list: GitToken[] = tokens) => chooseToken(parsePullRequestUrl(url), list)?.token;

describe('chooseToken', () => {
  it('matches api.github.com to github.com', () => {
    expect(tokenFor('https://github.com/octo/hello/pull/1')).toBe('gh-public');
  });

  it('matches a GitHub Enterprise /api/v3 URL to its web host', () => {
    expect(tokenFor('https://ghe.corp/platform/api/pull/2')).toBe('gh-enterprise');
  });

  it('matches GHE.com api.<tenant> to the tenant host', () => {
    expect(tokenFor('https://acme.ghe.com/team/app/pull/3')).toBe('gh-ghe-com');
  });

  it('matches a GitLab token by host, with or without /api/v4 and in any case', () => {
    expect(tokenFor('https://gitlab.com/globex/billing/-/merge_requests/4')).toBe('gl-public');
    expect(tokenFor('https://gitlab.acme.dev/platform/inventory-api/-/merge_requests/5')).toBe('gl-acme');
  });

  it('never hands a token to the other provider on the same host', () => {
    const gitlabOnGhe: GitToken = { provider: 'gitlab', providerUrl: 'https://ghe.corp', token: 'gl-wrong' };
    expect(tokenFor('https://ghe.corp/platform/api/pull/2', [gitlabOnGhe])).toBeUndefined();
  });

  it('returns undefined when no token serves the host, and the first match when several do', () => {
    expect(tokenFor('https://github.example.org/octo/hello/pull/1')).toBeUndefined();
    const second: GitToken = { ...githubCom, token: 'gh-second' };
    expect(tokenFor('https://github.com/octo/hello/pull/1', [githubCom, second])).toBe('gh-public');
  });
});
