import { GitbeakerRequestError, GitbeakerRetryError, GitbeakerTimeoutError, MergeRequests } from '@gitbeaker/rest';
import type { Agent as HttpAgent } from 'node:http';
import { EngineError } from '../../errors/engine-error.ts';
import type { OutboundPolicy } from '../../outbound/outbound-policy.ts';
import { toDiffSection } from './file-patch.ts';
import { answeredError, canceledError, providerCall, unreachableError, type ProviderCall } from './git-errors.ts';
import type { ChangedFile, GitCallOptions, GitToken, PullRequestChange, PullRequestRef } from './git-types.ts';

type MergeRequestApi = InstanceType<typeof MergeRequests<false>>;
/** The fields we read from a `/diffs` entry (and from `/changes` on older GitLab). */
export interface MergeRequestDiff {
  old_path: string;
  new_path: string;
  a_mode?: string;
  b_mode?: string;
  new_file: boolean;
  renamed_file: boolean;
  deleted_file: boolean;
  diff: string;
  /** Set by newer GitLab when it left the diff out for its size (too_large: for good; collapsed: until asked). */
  too_large?: unknown;
  collapsed?: unknown;
}

const diffsPerPage = 100;
/** Bound on each request; Gitbeaker's own default is five minutes. */
export const queryTimeoutMs = 120_000;

export async function fetchGitLabMergeRequest(
  ref: PullRequestRef,
  token: GitToken,
  { outbound, signal }: GitCallOptions,
): Promise<PullRequestChange> {
  // Gitbeaker appends /api/v4 itself; tokens may be saved with or without it.
  const host = token.providerUrl.replace(/\/+$/, '').replace(/\/api\/v4$/, '');
  const call = providerCall(ref, `${host}/api/v4`);
  // Only the MergeRequests resource: the full `Gitlab` client builds every API resource per instance.
  const api: MergeRequestApi = new MergeRequests({
    host,
    token: token.token,
    queryTimeout: queryTimeoutMs,
    agent: gitbeakerAgent(outbound),
  });
  try {
    const mergeRequest = await abortable(() => api.show(ref.repository, ref.number), signal);
    const diffs = await abortable(() => listDiffs(api, ref), signal);
    return {
      title: mergeRequest.title,
      authorName: mergeRequest.author?.name ?? null,
      authorUsername: mergeRequest.author?.username ?? null,
      branch: mergeRequest.source_branch ?? null,
      commitHash: mergeRequest.sha ?? mergeRequest.diff_refs?.head_sha ?? null,
      baseSha: mergeRequest.diff_refs?.base_sha ?? null,
      webUrl: mergeRequest.web_url,
      files: diffs.map(toChangedFile),
      ...diffRefsOf(mergeRequest.diff_refs),
    };
  } catch (error) {
    throw toEngineError(call, error, signal);
  }
}

/** GitLab sends diff_refs once the MR's diff is computed; all three are needed to position a comment. */
function diffRefsOf(refs: { base_sha?: string; start_sha?: string; head_sha?: string } | undefined | null) {
  if (!refs?.base_sha || !refs.start_sha || !refs.head_sha) return {};
  return { diffRefs: { baseSha: refs.base_sha, startSha: refs.start_sha, headSha: refs.head_sha } };
}

/** `/diffs` (paginated) exists since GitLab 15.7; older instances answer 404 and still serve `/changes`. */
async function listDiffs(api: MergeRequestApi, ref: PullRequestRef): Promise<MergeRequestDiff[]> {
  try {
    return await api.allDiffs(ref.repository, ref.number, { perPage: diffsPerPage });
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
    const changes = await api.showChanges(ref.repository, ref.number);
    return changes.changes ?? [];
  }
}

export function toChangedFile(diff: MergeRequestDiff): ChangedFile {
  const status: ChangedFile['status'] = diff.new_file
    ? 'added'
    : diff.deleted_file
      ? 'removed'
      : diff.renamed_file
        ? 'renamed'
        : 'modified';
  const previousPath = diff.old_path !== diff.new_path ? diff.old_path : undefined;
  const base = { path: diff.new_path, previousPath, status };
  const modes = { oldMode: diff.a_mode, newMode: diff.b_mode };
  if (/^Binary files .* differ\s*$/.test(diff.diff)) return { ...base, patch: '', binary: true };
  if (diff.diff !== '') {
    return { ...base, patch: toDiffSection({ ...base, ...modes, hunks: diff.diff }), binary: false };
  }
  // An empty diff: GitLab left it out (too large or collapsed), or there were no lines to show.
  if (diff.too_large === true || diff.collapsed === true) {
    return { ...base, patch: '', binary: false, patchTooLarge: true };
  }
  if (status === 'renamed' || diff.a_mode !== diff.b_mode) {
    return { ...base, patch: toDiffSection({ ...base, ...modes, hunks: '' }), binary: false };
  }
  return { ...base, patch: '', binary: true };
}

/**
 * Gitbeaker takes no AbortSignal per call: a cancel before the call skips it, a cancel during it
 * stops waiting; Gitbeaker's own queryTimeout still bounds the request left behind.
 */
export function abortable<T>(start: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return start();
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  const promise = start();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function statusOf(error: unknown): number | undefined {
  return error instanceof GitbeakerRequestError ? error.cause?.response.status : undefined;
}

export function toEngineError(call: ProviderCall, error: unknown, signal: AbortSignal | undefined): EngineError {
  if (signal?.aborted) return canceledError(call, error);
  if (error instanceof GitbeakerRequestError && error.cause?.response) {
    const response = error.cause.response;
    const headers = Object.fromEntries(response.headers.entries());
    return answeredError(call, { status: response.status, headers, body: gitlabBody(error) }, error);
  }
  if (error instanceof GitbeakerRetryError) {
    // Gitbeaker already retried 429/502 answers several times before giving up.
    return new EngineError('git_provider', `GitLab kept refusing ${call.subject} on ${call.host}: ${error.message}`, {
      cause: error,
    });
  }
  if (error instanceof GitbeakerTimeoutError) {
    return new EngineError(
      'git_provider',
      `GitLab at ${call.apiUrl} did not answer within ${queryTimeoutMs / 1000}s while reading ${call.subject}`,
      { cause: error },
    );
  }
  return unreachableError(call, error);
}

/** GitLab sends `{"message": "…"}`, or OAuth-style `{"error": "insufficient_scope", …}` for token problems. */
function gitlabBody(error: GitbeakerRequestError): { code?: unknown; detail?: string } {
  const description = error.cause?.description ?? error.message;
  let code: unknown;
  try {
    code = (JSON.parse(description) as { error?: unknown }).error;
  } catch {
    code = /^[a-z_]+$/.test(description) ? description : undefined;
  }
  return { code, detail: description };
}

/**
 * Gitbeaker hands its `agent` option to fetch as `{ dispatcher: agent }` (an undici dispatcher),
 * though its types say `http.Agent`: the guarded dispatcher is what it really takes.
 */
export function gitbeakerAgent(outbound: OutboundPolicy): HttpAgent {
  return outbound.dispatcher as unknown as HttpAgent;
}
