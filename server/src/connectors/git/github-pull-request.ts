import { Octokit } from '@octokit/rest';
import type { EngineError } from '../../errors/engine-error.ts';
import { toDiffSection } from './file-patch.ts';
import { answeredError, canceledError, providerCall, unreachableError, type ProviderCall } from './git-errors.ts';
import type { ChangedFile, GitCallOptions, GitToken, PullRequestChange, PullRequestRef } from './git-types.ts';
import { outboundRefusalIn } from '../../outbound/outbound-refused.ts';

type PullRequestFile = Awaited<ReturnType<Octokit['rest']['pulls']['listFiles']>>['data'][number];
/** The fields of a changed file that pull request files and compare files share. */
export type GitHubFileEntry = Pick<
  PullRequestFile,
  'filename' | 'status' | 'previous_filename' | 'changes' | 'additions' | 'deletions' | 'patch'
>;

/** Octokit logs every failed request to stderr; the engine reports ours once, as an EngineError. */
export const quietLog = { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} };

/** GitHub's maximum page size: 250 files are 3 requests, not 9. */
const filesPerPage = 100;

export async function fetchGitHubPullRequest(
  ref: PullRequestRef,
  token: GitToken,
  { outbound, signal }: GitCallOptions,
): Promise<PullRequestChange> {
  const { octokit, baseUrl } = githubClient(token, { outbound, signal });
  const call = providerCall(ref, baseUrl);
  const [owner = '', repo = ''] = ref.repository.split('/');
  const params = { owner, repo, pull_number: ref.number };
  try {
    const { data: pull } = await octokit.rest.pulls.get(params);
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...params, per_page: filesPerPage });
    const login = pull.user?.login ?? null;
    return {
      title: pull.title,
      authorName: pull.user?.name ?? (login ? await displayName(octokit, login, signal) : null),
      authorUsername: login,
      branch: pull.head.ref,
      commitHash: pull.head.sha,
      baseSha: pull.base.sha,
      webUrl: pull.html_url,
      files: files.map(toChangedFile),
    };
  } catch (error) {
    throw toEngineError(call, error, signal);
  }
}

/** A token saved with the web address https://github.com still means the public API. */
/**
 * One Octokit for a call on the tenant's behalf: the token's API base, every request through the
 * outbound policy, cancellable by `signal`. Every GitHub call of the engine starts here.
 */
export function githubClient(
  token: GitToken,
  { outbound, signal }: GitCallOptions,
): { octokit: Octokit; baseUrl: string } {
  const baseUrl = apiBaseUrl(token.providerUrl);
  const octokit = new Octokit({
    auth: token.token,
    baseUrl,
    userAgent: 'reviewtrace',
    request: { signal, fetch: outbound.fetch },
    log: quietLog,
  });
  return { octokit, baseUrl };
}

export function apiBaseUrl(providerUrl: string): string {
  const trimmed = providerUrl.replace(/\/+$/, '');
  return /^https:\/\/(?:www\.)?github\.com$/i.test(trimmed) ? 'https://api.github.com' : trimmed;
}

/**
 * Pull request payloads carry the author's login only. The display name is cosmetic, so a user
 * lookup that fails (a deleted account, a token without user scope) leaves it empty instead of
 * failing the review; a cancel still propagates.
 */
async function displayName(octokit: Octokit, login: string, signal: AbortSignal | undefined): Promise<string | null> {
  try {
    const { data } = await octokit.rest.users.getByUsername({ username: login });
    return data.name ?? null;
  } catch (error) {
    if (signal?.aborted) throw error;
    return null;
  }
}

export function toChangedFile(file: GitHubFileEntry): ChangedFile {
  const status = statusOf(file.status);
  const previousPath = file.previous_filename;
  if (file.patch !== undefined && file.patch !== '') {
    const patch = toDiffSection({ path: file.filename, previousPath, status, hunks: file.patch });
    return { path: file.filename, previousPath, status, patch, binary: false };
  }
  // GitHub sends no patch for binaries, empty files, pure renames and diffs too large to show.
  // Line counts tell them apart: binaries and empty files count no changed lines.
  const pureRename = status === 'renamed' && file.changes === 0;
  const patch = pureRename ? toDiffSection({ path: file.filename, previousPath, status, hunks: '' }) : '';
  if (file.changes > 0) {
    const lineCounts = { additions: file.additions, deletions: file.deletions };
    return { path: file.filename, previousPath, status, patch, binary: false, patchTooLarge: true, lineCounts };
  }
  return { path: file.filename, previousPath, status, patch, binary: !pureRename };
}

function statusOf(status: GitHubFileEntry['status']): ChangedFile['status'] {
  if (status === 'added' || status === 'copied') return 'added';
  if (status === 'removed' || status === 'renamed') return status;
  return 'modified';
}

interface OctokitHttpError {
  status: number;
  message: string;
  response?: { headers: Record<string, string | number | undefined>; data?: unknown };
}

function isOctokitHttpError(error: unknown): error is OctokitHttpError {
  return error instanceof Error && typeof (error as { status?: unknown }).status === 'number';
}

export function toEngineError(call: ProviderCall, error: unknown, signal: AbortSignal | undefined): EngineError {
  if (signal?.aborted) return canceledError(call, error);
  // Octokit reports network failures as status 500 without a response; only answers carry headers.
  if (!isOctokitHttpError(error) || !error.response) return unreachableError(call, error);
  // A redirect answered by a host the policy refused surfaces the same way, with the refusal inside.
  if (outboundRefusalIn(error)) return unreachableError(call, error);
  const headers = Object.fromEntries(
    Object.entries(error.response.headers).map(([name, value]) => [name.toLowerCase(), value?.toString()]),
  );
  const rateLimited = error.status === 429 || (error.status === 403 && headers['x-ratelimit-remaining'] === '0');
  return answeredError(call, { status: error.status, headers, body: { detail: messageOf(error) } }, error, rateLimited);
}

function messageOf(error: OctokitHttpError): string {
  const data = error.response?.data;
  if (data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string') {
    return (data as { message: string }).message;
  }
  return error.message;
}
