import type { CommitStatus } from '../../connectors/git/commit-status.ts';
import { EngineError } from '../../errors/engine-error.ts';
import type { ReviewLogger } from '../reporting/review-logger.ts';
import { shortSha, startedStatusText } from './commit-status-text.ts';

export const missingPublicUrlWarning =
  'PUBLIC_URL is not set: commit statuses on GitHub/GitLab will not link to the review page (set it to the URL users open)';

/** Bound on one status request: a slow host delays the review's end by at most this much. */
const STATUS_TIMEOUT_MS = 15_000;

export type PostStatus = (status: CommitStatus, signal: AbortSignal) => Promise<void>;

/**
 * The Reviewtrace status of the reviewed commit, kept up to date without slowing the review:
 * progress updates are coalesced (at most one request in flight; while it runs, only the latest
 * update waits, so five quick batches are not five requests), and the final state waits for the
 * request in flight and replaces any progress not sent yet.
 *
 * A status is a courtesy: a failure is a warning in the review's log, never a failed review. A token
 * that may not set statuses (401/403/404) is told once, and the review posts no further status.
 */
export class CommitStatusReporter {
  private inFlight: Promise<void> | undefined;
  private next: CommitStatus | undefined;
  private stopped = false;

  constructor(
    private readonly post: PostStatus,
    /** The review's log, warning level (the review logger in the engine). */
    private readonly warn: (message: string) => void,
    readonly sha: string,
    private readonly targetUrl: string | undefined,
  ) {}

  /** A `pending` status; sent when no other is in flight, else the latest one waits for it. */
  progress(description: string): void {
    if (this.stopped) return;
    this.next = { state: 'pending', description, targetUrl: this.targetUrl };
    this.inFlight ??= this.drain();
  }

  /** The final state, after whatever is in flight; pending progress is dropped. */
  async finish(state: 'success' | 'failure' | 'error', description: string): Promise<void> {
    this.next = undefined;
    await this.inFlight;
    if (!this.stopped) await this.send({ state, description, targetUrl: this.targetUrl }, true);
  }

  private async drain(): Promise<void> {
    for (let status = this.next; status && !this.stopped; status = this.next) {
      this.next = undefined;
      await this.send(status, false);
    }
    this.inFlight = undefined;
  }

  private async send(status: CommitStatus, final: boolean): Promise<void> {
    try {
      await this.post(status, AbortSignal.timeout(STATUS_TIMEOUT_MS));
    } catch (error) {
      const httpStatus = error instanceof EngineError ? error.httpStatus : undefined;
      const message = error instanceof Error ? error.message : String(error);
      const where = `the commit status of ${shortSha(this.sha)}`;
      if (httpStatus === 401 || httpStatus === 403 || httpStatus === 404) {
        this.stopped = true;
        this.warn(
          `Could not set ${where}: ${message}. The token needs "Commit statuses: read & write" (GitHub) or the api scope (GitLab); no further statuses for this review`,
        );
        return;
      }
      // GitLab refuses to set the state a status already has (400 "Cannot transition status"):
      // a progress update is then only a newer description, not worth a warning.
      if (httpStatus === 400 && !final) return;
      this.warn(`Could not set ${where} (${status.state}): ${message}`);
    }
  }
}

/**
 * Starts the statuses of a review's commit with `pending` "Reviewtrace: reviewing". The link is the
 * review's page under PUBLIC_URL; without it the statuses carry no link (main.ts warns at start).
 */
export function startCommitStatuses(
  post: (sha: string, status: CommitStatus, signal: AbortSignal) => Promise<void>,
  logger: ReviewLogger,
  review: { id: number; sha: string; publicUrl: string | undefined },
): CommitStatusReporter {
  const targetUrl = review.publicUrl ? `${review.publicUrl.replace(/\/+$/, '')}/reviews/${review.id}` : undefined;
  const reporter = new CommitStatusReporter(
    (status, signal) => post(review.sha, status, signal),
    (message) => logger.log('warn', message, { code: 'git_provider' }),
    review.sha,
    targetUrl,
  );
  reporter.progress(startedStatusText());
  return reporter;
}
