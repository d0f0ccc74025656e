import type { GitToken, PullRequestRef } from './git-types.ts';

/**
 * The token whose API serves the web host of the change: https://api.github.com serves github.com,
 * a GitHub Enterprise https://ghe.corp/api/v3 serves ghe.corp (and GHE.com's api.acme.ghe.com
 * serves acme.ghe.com); a GitLab providerUrl is the web host itself. First match wins.
 */
export function chooseToken(ref: PullRequestRef, tokens: readonly GitToken[]): GitToken | undefined {
  const host = ref.host.toLowerCase();
  return tokens.find((token) => token.provider === ref.provider && webHostsOf(token).includes(host));
}

function webHostsOf(token: GitToken): string[] {
  let apiHost: string;
  try {
    apiHost = new URL(token.providerUrl).host.toLowerCase();
  } catch {
    return [];
  }
  if (token.provider === 'github' && apiHost.startsWith('api.')) return [apiHost.slice('api.'.length), apiHost];
  return [apiHost];
}
