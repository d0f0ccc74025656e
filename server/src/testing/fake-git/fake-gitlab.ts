import {
  linkHeader,
  pageOf,
  startFakeHttpServer,
  type FakeHttpServer,
  type FakeRequest,
  type FakeResponse,
} from './fake-http-server.ts';
import { fakeDiffRefs, gitlabDiscussionRoutes, type FakeGitLabDiscussion } from './fake-gitlab-discussions.ts';

/** One entry of GitLab's "List merge request diffs" (and of `changes` in the older endpoint). */
export interface FakeGitLabDiff {
  old_path: string;
  new_path: string;
  a_mode: string;
  b_mode: string;
  new_file: boolean;
  renamed_file: boolean;
  deleted_file: boolean;
  /** The hunks, from the first `@@`; empty when GitLab leaves the diff out. */
  diff: string;
  too_large?: boolean;
  collapsed?: boolean;
}

export interface FakeGitLabMergeRequest {
  /** The project's full path, e.g. platform/backend/inventory-api. */
  project: string;
  iid: number;
  title: string;
  author: { username: string; name: string };
  sourceBranch: string;
  sha: string;
  diffs: FakeGitLabDiff[];
  /** The diffs discussion positions are checked against, when GitLab's diff moved on after the review read `diffs`. */
  diffsOnPost?: FakeGitLabDiff[];
}

export interface FakeGitLab extends FakeHttpServer {
  /** Diff discussions the fake accepted (fake-gitlab-discussions.ts). */
  discussions: FakeGitLabDiscussion[];
  /** Every commit status that arrived (POST /projects/:id/statuses/:sha), in order. */
  statuses: FakeGitLabStatus[];
}

/**
 * Enough of the GitLab REST API v4 for Gitbeaker to read a merge request:
 * GET /api/v4/projects/{url-encoded path}/merge_requests/{iid}, …/diffs (20 per page by default,
 * at most 100; `Link` and `x-*` pagination headers) and the older …/changes; 401/404 like GitLab.
 * `legacy: true` answers like GitLab before 15.7, which has no /diffs endpoint.
 */
export async function startFakeGitLab(options: {
  token: string;
  mergeRequests: FakeGitLabMergeRequest[];
  legacy?: boolean;
  /** The token has read_api only: 403 insufficient_scope on POSTs. */
  readOnly?: boolean;
  /** What merge_base and compare know (a test may push to it); other commits are unknown refs. */
  comparisons?: FakeGitLabComparison[];
}): Promise<FakeGitLab> {
  const discussions: FakeGitLabDiscussion[] = [];
  const statuses: FakeGitLabStatus[] = [];
  const server = await startFakeHttpServer((request, origin) => {
    const token = request.headers['private-token'];
    if (token !== options.token) return { status: 401, body: { message: '401 Unauthorized' } };
    return (
      gitlabDiscussionRoutes(options.mergeRequests, discussions, options, request) ??
      repositoryRoutes(options, statuses, request) ??
      route(options, request, origin)
    );
  });
  return { ...server, discussions, statuses };
}

// --- Repository: merge_base, compare and commit statuses (issue 14: since-SHA coverage, statuses) ---

/** Two commits of a project: their merge base, and what `compare?from=&to=` answers. */
export interface FakeGitLabComparison {
  project: string;
  from: string;
  to: string;
  /** `from` itself when it is an ancestor of `to`; another commit after a force-push. */
  mergeBase: string;
  commits: number;
  diffs: FakeGitLabDiff[];
}

export interface FakeGitLabStatus {
  project: string;
  sha: string;
  state: string;
  name?: string;
  description?: string;
  target_url?: string;
}

function repositoryRoutes(
  options: { comparisons?: FakeGitLabComparison[] },
  statuses: FakeGitLabStatus[],
  request: FakeRequest,
): FakeResponse | undefined {
  const status = /^\/api\/v4\/projects\/([^/]+)\/statuses\/([0-9a-f]+)$/.exec(request.rawPath);
  if (status && request.method === 'POST') {
    const body = JSON.parse(request.body || '{}') as Omit<FakeGitLabStatus, 'project' | 'sha'>;
    if (!['pending', 'running', 'success', 'failed', 'canceled'].includes(body.state))
      return { status: 400, body: { message: '400 Bad request - state does not have a valid value' } };
    statuses.push({ project: decodeURIComponent(status[1]!), sha: status[2]!, ...body });
    return { status: 201, body: { id: statuses.length, sha: status[2], status: body.state, name: body.name } };
  }
  const repository = /^\/api\/v4\/projects\/([^/]+)\/repository\/(merge_base|compare)$/.exec(request.rawPath);
  if (!repository || request.method !== 'GET') return undefined;
  const project = decodeURIComponent(repository[1]!);
  const known = (options.comparisons ?? []).filter((c) => c.project === project);
  if (repository[2] === 'merge_base') {
    const refs = [...request.query.getAll('refs[]'), ...request.query.getAll('refs')];
    const pair = known.find((c) => c.from === refs[0] && c.to === refs[1]);
    if (!pair) return { status: 400, body: { message: `Could not find ref: ${refs[0]}` } };
    return { status: 200, body: { id: pair.mergeBase, short_id: pair.mergeBase.slice(0, 8), title: 'merge base' } };
  }
  const pair = known.find((c) => c.from === request.query.get('from') && c.to === request.query.get('to'));
  if (!pair) return { status: 404, body: { message: '404 Ref Not Found' } };
  return {
    status: 200,
    body: {
      commit: { id: pair.to, short_id: pair.to.slice(0, 8) },
      commits: Array.from({ length: pair.commits }, (_, i) => ({ id: `${i}`.padStart(40, 'c'), title: `commit ${i}` })),
      diffs: pair.diffs,
      compare_timeout: false,
      compare_same_ref: false,
    },
  };
}

function route(
  options: { mergeRequests: FakeGitLabMergeRequest[]; legacy?: boolean },
  request: FakeRequest,
  origin: string,
): FakeResponse {
  const note = /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)\/notes$/.exec(request.rawPath);
  if (note && request.method === 'POST') {
    const project = decodeURIComponent(note[1]!);
    if (!options.mergeRequests.some((mr) => mr.project === project && mr.iid === Number(note[2])))
      return notFound('404 Not found');
    const body = (JSON.parse(request.body || '{}') as { body?: string }).body ?? '';
    return { status: 201, body: { id: 4242, body, noteable_iid: Number(note[2]) } };
  }
  const match = /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)(\/diffs|\/changes)?$/.exec(request.rawPath);
  if (!match || request.method !== 'GET') return notFound('404 Not Found');
  const [, encodedProject, iid, tail] = match;
  const project = decodeURIComponent(encodedProject!);
  if (!options.mergeRequests.some((mr) => mr.project === project)) return notFound('404 Project Not Found');
  const mergeRequest = options.mergeRequests.find((mr) => mr.project === project && mr.iid === Number(iid));
  if (!mergeRequest) return notFound('404 Not found');
  const webUrl = `${origin}/${project}/-/merge_requests/${mergeRequest.iid}`;
  if (tail === undefined) return { status: 200, body: mergeRequestJson(mergeRequest, webUrl) };
  if (tail === '/changes') {
    return { status: 200, body: { ...mergeRequestJson(mergeRequest, webUrl), changes: mergeRequest.diffs } };
  }
  if (options.legacy) return notFound('404 Not Found');
  const pages = pageOf(mergeRequest.diffs, request.query, 20);
  const pageUrl = (page: number) =>
    `${origin}/api/v4/projects/${encodedProject}/merge_requests/${iid}/diffs?page=${page}&per_page=${pages.perPage}`;
  return {
    status: 200,
    body: pages.items,
    headers: {
      link: linkHeader(pageUrl, pages),
      'x-page': String(pages.page),
      'x-per-page': String(pages.perPage),
      'x-total': String(mergeRequest.diffs.length),
      'x-total-pages': String(pages.totalPages),
      'x-next-page': pages.next === undefined ? '' : String(pages.next),
      'x-prev-page': pages.prev === undefined ? '' : String(pages.prev),
    },
  };
}

function mergeRequestJson(mergeRequest: FakeGitLabMergeRequest, webUrl: string) {
  return {
    id: 1000 + mergeRequest.iid,
    iid: mergeRequest.iid,
    project_id: 42,
    title: mergeRequest.title,
    state: 'opened',
    source_branch: mergeRequest.sourceBranch,
    target_branch: 'main',
    sha: mergeRequest.sha,
    author: { id: 7, username: mergeRequest.author.username, name: mergeRequest.author.name, state: 'active' },
    web_url: webUrl,
    diff_refs: fakeDiffRefs(mergeRequest),
  };
}

const notFound = (message: string): FakeResponse => ({ status: 404, body: { message } });
