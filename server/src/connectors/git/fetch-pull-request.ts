import { missingTokenError } from './git-errors.ts';
import type { GitCallOptions, GitToken, PullRequestChange, PullRequestRef } from './git-types.ts';
import { fetchGitHubPullRequest } from './github-pull-request.ts';
import { fetchGitLabMergeRequest } from './gitlab-merge-request.ts';

/**
 * Reads a pull/merge request and its changed files through the provider's SDK. Every failure is an
 * EngineError: `git_provider` (missing or rejected token, not found, unreachable, rate limited;
 * with httpStatus when the provider answered) or `canceled` when `signal` aborted.
 */
export async function fetchPullRequest(
  ref: PullRequestRef,
  token: GitToken | undefined,
  options: GitCallOptions,
): Promise<PullRequestChange> {
  if (!token) throw missingTokenError(ref);
  return ref.provider === 'github'
    ? fetchGitHubPullRequest(ref, token, options)
    : fetchGitLabMergeRequest(ref, token, options);
}
