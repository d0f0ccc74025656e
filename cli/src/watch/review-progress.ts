import {
  canTransition,
  isApiStatus,
  isTerminal,
  type ApiStatus,
  type ReviewDetail,
  type ReviewEvent,
} from '@reviewtrace/contracts';
import { formatDuration } from '../output/durations.ts';

/** Batch statuses after which a batch is done, as the server counts `batchesDone` (event-store.ts). */
const batchDone = new Set(['success', 'failed', 'completed']);

/**
 * What the status line shows, kept up to date from the events as they stream: the review's status,
 * batch N of M (M = distinct batch ids seen in `batch` events, done = those that finished, the
 * server's own definition of `progress`), and the elapsed time.
 *
 * Elapsed time is the server's `durationMs` at the moment we read the review plus our own monotonic
 * clock since, so a skewed local clock cannot make it wrong.
 */
export class ReviewProgress {
  status: ApiStatus;
  private readonly batches = new Map<string, boolean>();
  private runningSince: number | undefined;
  private finalMs: number | undefined;

  constructor(
    review: Pick<ReviewDetail, 'status' | 'durationMs'>,
    private readonly now: () => number,
  ) {
    this.status = review.status;
    if (isTerminal(review.status)) this.finalMs = review.durationMs ?? 0;
    else if (review.status === 'running') this.runningSince = now() - (review.durationMs ?? 0);
  }

  apply(event: ReviewEvent): void {
    if (event.type === 'batch') {
      const id = typeof event.data['batchId'] === 'string' ? event.data['batchId'] : event.batchId;
      if (id) this.batches.set(id, this.batches.get(id) === true || batchDone.has(String(event.data['status'])));
    }
    if (event.type !== 'status') return;
    const status =
      event.data['status'] === 'started'
        ? 'running'
        : event.data['status'] === 'completed'
          ? 'success'
          : event.data['status'];
    // Forward only, like the server (status.ts): replaying the history of a finished review must not
    // show it running again.
    if (!isApiStatus(status) || (status !== this.status && !canTransition(this.status, status))) return;
    this.status = status;
    // History replays the `running` event of a review already running when we read it: keep that start.
    if (status === 'running') this.runningSince ??= this.now();
    if (isTerminal(status) && this.finalMs === undefined) {
      const reported = event.data['durationMs'];
      this.finalMs = typeof reported === 'number' ? reported : this.elapsedMs();
    }
  }

  elapsedMs(): number {
    if (this.finalMs !== undefined) return this.finalMs;
    return this.runningSince === undefined ? 0 : this.now() - this.runningSince;
  }

  /** `batch 3 of 8` while batches run (the one after those done), `8 of 8 batches` once all are. */
  batchText(): string | undefined {
    const total = this.batches.size;
    if (total === 0) return undefined;
    const done = [...this.batches.values()].filter(Boolean).length;
    return done >= total ? `${total} of ${total} batches` : `batch ${done + 1} of ${total}`;
  }

  /** What follows the status on the status line; `elapsed` off for the lines a non-terminal gets (they must not churn). */
  details(options: { elapsed: boolean }): string[] {
    const parts: string[] = [];
    const batches = this.batchText();
    if (batches) parts.push(batches);
    if (options.elapsed && this.status !== 'queued') parts.push(formatDuration(this.elapsedMs()));
    return parts;
  }
}
