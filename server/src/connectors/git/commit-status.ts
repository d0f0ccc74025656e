import { Commits } from '@gitbeaker/rest';
import { missingTokenError, providerCall } from './git-errors.ts';
import type { GitCallOptions, GitToken, PullRequestRef } from './git-types.ts';
import { githubClient, toEngineError as githubError } from './github-pull-request.ts';
import { abortable, gitbeakerAgent, queryTimeoutMs, toEngineError as gitlabError } from './gitlab-merge-request.ts';

/** GitHub's four commit states; GitLab's words for them are mapped below. */
export type CommitState = 'pending' | 'success' | 'failure' | 'error';

export interface CommitStatus {
  state: CommitState;
  /** GitHub keeps at most 140 characters; callers keep it shorter. */
  description: string;
  /** The review's page; left out when PUBLIC_URL is not set. */
  targetUrl?: string | undefined;
}

/** The name the status has on the commit (GitHub `context`, GitLab `name`). */
export const STATUS_CONTEXT = 'Reviewtrace';

const gitlabStates = {
  pending: 'running',
  success: 'success',
  failure: 'failed',
  error: 'canceled',
} as const satisfies Record<CommitState, string>;

/**
 * Sets the Reviewtrace status of a commit: GitHub `POST /repos/{o}/{r}/statuses/{sha}`
 * (repos.createCommitStatus), GitLab `POST /projects/:id/statuses/:sha`. A failure is an
 * EngineError with the provider's httpStatus, like a fetch's.
 */
export async function postCommitStatus(
  ref: PullRequestRef,
  token: GitToken | undefined,
  sha: string,
  status: CommitStatus,
  { outbound, signal }: GitCallOptions,
): Promise<void> {
  if (!token) throw missingTokenError(ref);
  if (ref.provider === 'github') {
    const { octokit, baseUrl } = githubClient(token, { outbound, signal });
    const [owner = '', repo = ''] = ref.repository.split('/');
    try {
      await octokit.rest.repos.createCommitStatus({
        owner,
        repo,
        sha,
        state: status.state,
        context: STATUS_CONTEXT,
        description: status.description,
        ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
      });
    } catch (error) {
      throw githubError(providerCall(ref, baseUrl), error, signal);
    }
    return;
  }
  const host = token.providerUrl.replace(/\/+$/, '').replace(/\/api\/v4$/, '');
  const api = new Commits({ host, token: token.token, queryTimeout: queryTimeoutMs, agent: gitbeakerAgent(outbound) });
  try {
    await abortable(
      () =>
        api.editStatus(ref.repository, sha, gitlabStates[status.state], {
          name: STATUS_CONTEXT,
          description: status.description,
          ...(status.targetUrl ? { targetUrl: status.targetUrl } : {}),
        }),
      signal,
    );
  } catch (error) {
    throw gitlabError(providerCall(ref, `${host}/api/v4`), error, signal);
  }
}
