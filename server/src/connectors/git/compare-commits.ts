import { Repositories } from '@gitbeaker/rest';
import { missingTokenError, providerCall } from './git-errors.ts';
import type { ChangedFile, GitCallOptions, GitToken, PullRequestRef } from './git-types.ts';
import { githubClient, toChangedFile as githubFile, toEngineError as githubError } from './github-pull-request.ts';
import {
  abortable,
  gitbeakerAgent,
  queryTimeoutMs,
  statusOf,
  toChangedFile as gitlabFile,
  toEngineError as gitlabError,
  type MergeRequestDiff,
} from './gitlab-merge-request.ts';

/**
 * What changed from an earlier head to the current one. `replaced` when the earlier head is no
 * longer behind the current one (a force-push rewrote the branch, or the commit is gone): only the
 * whole pull request still means something then.
 */
export type CommitComparison =
  { kind: 'ahead'; newCommits: number; files: ChangedFile[] } | { kind: 'replaced'; why: string };

/**
 * Compares `base` (an earlier reviewed head) with `head`: GitHub `GET /repos/{o}/{r}/compare/{base}...{head}`,
 * GitLab `GET /projects/:id/repository/merge_base` (is `base` an ancestor?) then
 * `GET /projects/:id/repository/compare?from=&to=`. Other failures are EngineErrors like a fetch's.
 */
export async function compareCommits(
  ref: PullRequestRef,
  token: GitToken | undefined,
  base: string,
  head: string,
  options: GitCallOptions,
): Promise<CommitComparison> {
  if (!token) throw missingTokenError(ref);
  return ref.provider === 'github'
    ? compareOnGitHub(ref, token, base, head, options)
    : compareOnGitLab(ref, token, base, head, options);
}

async function compareOnGitHub(
  ref: PullRequestRef,
  token: GitToken,
  base: string,
  head: string,
  { outbound, signal }: GitCallOptions,
): Promise<CommitComparison> {
  const { octokit, baseUrl } = githubClient(token, { outbound, signal });
  const [owner = '', repo = ''] = ref.repository.split('/');
  try {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner,
      repo,
      basehead: `${base}...${head}`,
    });
    // 'behind' and 'diverged': the earlier head is not in the new head's history any more.
    if (data.status === 'behind' || data.status === 'diverged')
      return { kind: 'replaced', why: `GitHub compares them as ${data.status}` };
    return { kind: 'ahead', newCommits: data.ahead_by, files: (data.files ?? []).map(githubFile) };
  } catch (error) {
    if (!signal?.aborted && (error as { status?: unknown }).status === 404)
      return { kind: 'replaced', why: 'GitHub no longer knows the earlier head (404)' };
    throw githubError(providerCall(ref, baseUrl), error, signal);
  }
}

async function compareOnGitLab(
  ref: PullRequestRef,
  token: GitToken,
  base: string,
  head: string,
  { outbound, signal }: GitCallOptions,
): Promise<CommitComparison> {
  const host = token.providerUrl.replace(/\/+$/, '').replace(/\/api\/v4$/, '');
  const api = new Repositories({
    host,
    token: token.token,
    queryTimeout: queryTimeoutMs,
    agent: gitbeakerAgent(outbound),
  });
  try {
    let mergeBase: string;
    try {
      mergeBase = (await abortable(() => api.mergeBase(ref.repository, [base, head]), signal)).id;
    } catch (error) {
      // GitLab answers 400 "Could not find ref" (404 on some versions) for a commit it does not have.
      const status = statusOf(error);
      if (!signal?.aborted && (status === 400 || status === 404))
        return { kind: 'replaced', why: `GitLab does not know the earlier head (${status})` };
      throw error;
    }
    if (mergeBase !== base) return { kind: 'replaced', why: 'the earlier head is not an ancestor of the new one' };
    const compared = await abortable(() => api.compare(ref.repository, base, head), signal);
    if (compared.compare_timeout) return { kind: 'replaced', why: 'GitLab timed out comparing them' };
    return {
      kind: 'ahead',
      newCommits: compared.commits?.length ?? 0,
      files: (compared.diffs ?? []).map((diff) => gitlabFile(diff as MergeRequestDiff)),
    };
  } catch (error) {
    throw gitlabError(providerCall(ref, `${host}/api/v4`), error, signal);
  }
}
