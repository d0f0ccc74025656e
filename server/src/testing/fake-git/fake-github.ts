import {
  bearerOrTokenOf,
  linkHeader,
  pageOf,
  startFakeHttpServer,
  type FakeHttpServer,
  type FakeRequest,
  type FakeResponse,
} from './fake-http-server.ts';
import { emptyGitHubPosted, githubReviewRoutes, type FakeGitHubPosted } from './fake-github-reviews.ts';

/** A changed file as GitHub's "List pull requests files" returns it (the fields we read). */
export interface FakeGitHubFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previous_filename?: string;
  additions: number;
  deletions: number;
  changes: number;
  /** Absent for binaries, pure renames and diffs too large to show. */
  patch?: string;
}

export interface FakeGitHubPull {
  owner: string;
  repo: string;
  number: number;
  title: string;
  author: { login: string; name: string | null };
  headRef: string;
  headSha: string;
  files: FakeGitHubFile[];
  /** The files review comments are checked against, when GitHub's diff moved on after the review read `files`. */
  diffOnPost?: FakeGitHubFile[];
}

export interface FakeGitHub extends FakeHttpServer {
  /** What a GitToken's providerUrl holds: the origin, plus /api/v3 for an Enterprise server. */
  apiUrl: string;
  /** Reviews and review comments the fake accepted (fake-github-reviews.ts). */
  posted: FakeGitHubPosted;
  /** Every commit status that arrived (POST /repos/{o}/{r}/statuses/{sha}), in order. */
  statuses: FakeCommitStatus[];
}

/**
 * Enough of the GitHub REST API for Octokit to read a pull request: GET /repos/{o}/{r}/pulls/{n},
 * GET …/files (30 per page by default, at most 100, `Link` pagination) and GET /users/{login};
 * 401 "Bad credentials" for a wrong token and 404 "Not Found" for anything unknown, like GitHub.
 */
export async function startFakeGitHub(options: {
  token: string;
  pulls: FakeGitHubPull[];
  /** '/api/v3' to answer like GitHub Enterprise Server. */
  pathPrefix?: string;
  /** Answer every request with GitHub's primary rate limit 403, resetting at this epoch second. */
  rateLimitResetAt?: number;
  /** The token may read but not write: 403 "Resource not accessible by personal access token" on POSTs. */
  readOnly?: boolean | 'not-found';
  /** What the compare route knows (a test may push to it); any other pair is a 404. */
  comparisons?: FakeGitHubComparison[];
  /** Answer statuses like a token without "Commit statuses: write" (403). */
  statusesForbidden?: boolean;
}): Promise<FakeGitHub> {
  const prefix = options.pathPrefix ?? '';
  const posted = emptyGitHubPosted();
  const statuses: FakeCommitStatus[] = [];
  const server = await startFakeHttpServer((request, origin) => {
    if (bearerOrTokenOf(request.headers) !== options.token) return githubError(401, 'Bad credentials');
    if (options.rateLimitResetAt !== undefined) return rateLimited(options.rateLimitResetAt);
    if (!request.rawPath.startsWith(`${prefix}/`)) return githubError(404, 'Not Found');
    const path = request.rawPath.slice(prefix.length);
    return (
      githubReviewRoutes(options.pulls, posted, options, request, origin, path) ??
      commitRoutes(options, statuses, request, path) ??
      route(options.pulls, request, `${origin}${prefix}`, path)
    );
  });
  return { ...server, apiUrl: `${server.origin}${prefix}`, posted, statuses };
}

// --- Commits: compare and commit statuses (issue 14: since-SHA coverage, the Reviewtrace status) ---

/** GET /repos/{o}/{r}/compare/{base}...{head} as GitHub answers it (the fields we read). */
export interface FakeGitHubComparison {
  owner: string;
  repo: string;
  base: string;
  head: string;
  status: 'ahead' | 'behind' | 'diverged' | 'identical';
  aheadBy: number;
  files: FakeGitHubFile[];
}

/** One POST /repos/{o}/{r}/statuses/{sha}, as it arrived. */
export interface FakeCommitStatus {
  repository: string;
  sha: string;
  state: string;
  description?: string;
  target_url?: string;
  context?: string;
}

function commitRoutes(
  options: { comparisons?: FakeGitHubComparison[]; statusesForbidden?: boolean },
  statuses: FakeCommitStatus[],
  request: FakeRequest,
  path: string,
): FakeResponse | undefined {
  const status = /^\/repos\/([^/]+)\/([^/]+)\/statuses\/([0-9a-f]+)$/.exec(path);
  if (status && request.method === 'POST') {
    if (options.statusesForbidden) return githubError(403, 'Resource not accessible by personal access token');
    const body = JSON.parse(request.body || '{}') as Omit<FakeCommitStatus, 'repository' | 'sha'>;
    if (!['pending', 'success', 'failure', 'error'].includes(body.state)) return githubError(422, 'Validation Failed');
    statuses.push({ repository: `${status[1]}/${status[2]}`, sha: status[3]!, ...body });
    return { status: 201, body: { id: statuses.length, state: body.state, context: body.context ?? 'default' } };
  }
  const compare = /^\/repos\/([^/]+)\/([^/]+)\/compare\/([^/]+)$/.exec(path);
  if (!compare || request.method !== 'GET') return undefined;
  const [base, head] = decodeURIComponent(compare[3]!).split('...');
  const found = options.comparisons?.find(
    (c) => c.owner === compare[1] && c.repo === compare[2] && c.base === base && c.head === head,
  );
  if (!found) return githubError(404, `No commit found for SHA: ${base}`);
  return {
    status: 200,
    body: {
      status: found.status,
      ahead_by: found.aheadBy,
      behind_by: found.status === 'ahead' ? 0 : 1,
      total_commits: found.aheadBy,
      commits: [],
      files: found.files.map((file) => ({ sha: '0'.repeat(40), blob_url: '', raw_url: '', contents_url: '', ...file })),
    },
  };
}

function route(pulls: FakeGitHubPull[], request: FakeRequest, apiUrl: string, path: string): FakeResponse {
  const user = /^\/users\/([^/]+)$/.exec(path);
  if (user) {
    const author = pulls.find((pull) => pull.author.login === decodeURIComponent(user[1]!))?.author;
    return author ? { status: 200, body: { login: author.login, name: author.name, type: 'User' } } : notFound();
  }
  const comment = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(path);
  if (comment && request.method === 'POST') {
    const [, owner, repo, number] = comment;
    if (!pulls.some((p) => p.owner === owner && p.repo === repo && p.number === Number(number))) return notFound();
    const id = 1000 + request.method.length + path.length;
    const body = (JSON.parse(request.body || '{}') as { body?: string }).body ?? '';
    return {
      status: 201,
      body: { id, body, html_url: `${new URL(apiUrl).origin}/${owner}/${repo}/pull/${number}#issuecomment-${id}` },
    };
  }
  const match = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)(\/files)?$/.exec(path);
  if (!match || request.method !== 'GET') return notFound();
  const [, owner, repo, number, files] = match;
  const pull = pulls.find((p) => p.owner === owner && p.repo === repo && p.number === Number(number));
  if (!pull) return notFound();
  if (!files) return { status: 200, body: pullJson(pull, apiUrl, new URL(apiUrl).origin) };
  const pages = pageOf(pull.files, request.query, 30);
  const pageUrl = (page: number) =>
    `${apiUrl}/repos/${owner}/${repo}/pulls/${number}/files?per_page=${pages.perPage}&page=${page}`;
  return {
    status: 200,
    body: pages.items.map((file) => ({ sha: '0'.repeat(40), blob_url: '', raw_url: '', contents_url: '', ...file })),
    headers: pages.totalPages > 1 ? { link: linkHeader(pageUrl, pages) } : {},
  };
}

function pullJson(pull: FakeGitHubPull, apiUrl: string, webOrigin: string) {
  return {
    url: `${apiUrl}/repos/${pull.owner}/${pull.repo}/pulls/${pull.number}`,
    html_url: `${webOrigin}/${pull.owner}/${pull.repo}/pull/${pull.number}`,
    number: pull.number,
    state: 'open',
    title: pull.title,
    // Like GitHub, the pull request's user is a simple user: login, no display name.
    user: { login: pull.author.login, id: 1, type: 'User' },
    head: { ref: pull.headRef, sha: pull.headSha, label: `${pull.owner}:${pull.headRef}` },
    base: { ref: 'main', sha: 'f'.repeat(40), label: `${pull.owner}:main` },
    changed_files: pull.files.length,
  };
}

function githubError(status: number, message: string): FakeResponse {
  return { status, body: { message, documentation_url: 'https://docs.github.com/rest', status: String(status) } };
}

const notFound = () => githubError(404, 'Not Found');

function rateLimited(resetAt: number): FakeResponse {
  return {
    ...githubError(403, 'API rate limit exceeded for user ID 1.'),
    headers: { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetAt) },
  };
}
