import { EngineError } from '../../errors/engine-error.ts';
import type { GitProviderName, PullRequestRef } from './git-types.ts';

export const supportedPullRequestUrlShapes =
  'GitHub https://<host>/<owner>/<repo>/pull/<number> (github.com or GitHub Enterprise), ' +
  'GitLab https://<host>/<group>[/<subgroup>…]/<project>/-/merge_requests/<number> (gitlab.com or self-hosted)';

/**
 * A URL we cannot read a change from. It is a `git_provider` EngineError so the engine reports it
 * like any provider failure, and its own class so the API can answer 400 when a review is created.
 */
export class UnsupportedPullRequestUrlError extends EngineError {
  override name = 'UnsupportedPullRequestUrlError';
  readonly url: string;

  constructor(url: string, reason: string) {
    super(
      'git_provider',
      `Unsupported pull/merge request URL (${reason}). Supported: ${supportedPullRequestUrlShapes}.`,
    );
    this.url = url;
  }
}

/** Hosts whose provider we know for sure: a GitLab-shaped URL on github.com is a typo, not GitLab. */
const knownHosts: Record<string, GitProviderName> = { 'github.com': 'github', 'gitlab.com': 'gitlab' };

export function parsePullRequestUrl(input: string): PullRequestRef {
  const url = toUrl(input);
  const host = url.host.toLowerCase();
  const segments = pathSegments(input, url);
  const match = gitLabShape(segments) ?? gitHubShape(segments);
  if (!match) throw new UnsupportedPullRequestUrlError(input, 'no pull or merge request in the path');
  const expected = knownHosts[host];
  if (expected && expected !== match.provider) {
    throw new UnsupportedPullRequestUrlError(input, `${host} does not serve ${match.provider} URLs`);
  }
  return { provider: match.provider, repository: match.repository, number: toNumber(input, match.number), host };
}

function toUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new UnsupportedPullRequestUrlError(input, 'not a URL');
  }
  // http is accepted for self-hosted instances on internal networks (and local test servers).
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UnsupportedPullRequestUrlError(input, `scheme ${url.protocol} is not http(s)`);
  }
  return url;
}

function pathSegments(input: string, url: URL): string[] {
  try {
    return url.pathname
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => decodeURIComponent(segment));
  } catch {
    throw new UnsupportedPullRequestUrlError(input, 'malformed percent-encoding in the path');
  }
}

interface ShapeMatch {
  provider: GitProviderName;
  repository: string;
  number: string | undefined;
}

/** group/sub/project/-/merge_requests/N[/diffs…], or the pre-13 form without the `-` segment. */
function gitLabShape(segments: string[]): ShapeMatch | undefined {
  const dash = segments.indexOf('-');
  if (dash >= 2 && segments[dash + 1] === 'merge_requests') {
    return { provider: 'gitlab', repository: segments.slice(0, dash).join('/'), number: segments[dash + 2] };
  }
  const legacy = segments.indexOf('merge_requests');
  if (dash === -1 && legacy >= 2) {
    return { provider: 'gitlab', repository: segments.slice(0, legacy).join('/'), number: segments[legacy + 1] };
  }
  return undefined;
}

/** owner/repo/pull/N[/files|commits|checks]. */
function gitHubShape(segments: string[]): ShapeMatch | undefined {
  if (segments.length < 4 || segments[2] !== 'pull') return undefined;
  return { provider: 'github', repository: `${segments[0]}/${segments[1]}`, number: segments[3] };
}

function toNumber(input: string, raw: string | undefined): number {
  const number = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new UnsupportedPullRequestUrlError(input, `"${raw ?? ''}" is not a pull/merge request number`);
  }
  return number;
}
