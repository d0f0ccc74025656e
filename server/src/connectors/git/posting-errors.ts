import { EngineError } from '../../errors/engine-error.ts';
import type { ProviderCall } from './git-errors.ts';

/**
 * The token could read the pull/merge request (the review fetched it) but the host refused a
 * write: GitHub 403 "Resource not accessible by …" or 404 on a POST, GitLab 403 insufficient_scope.
 */
export function writeAccessError(call: ProviderCall, status: number, cause: unknown): EngineError {
  return new EngineError(
    'git_permission',
    `Could not post: the token lacks pull-request write access (${call.label} answered ${status} for ${call.subject})`,
    { cause, httpStatus: status },
  );
}

/**
 * The words a member reads when the host refused a comment's position. The host's own error body
 * is not echoed (review logs are read by every member; see git-errors.ts).
 */
export function refusedPositionText(call: ProviderCall, status: number): string {
  return `${call.label} refused the position (${status}): the line is not part of its diff`;
}
