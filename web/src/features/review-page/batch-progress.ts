import { isTerminal, type ApiStatus, type BatchSummary } from '@reviewtrace/contracts';

/** How a batch ended, or that it has not: each has its own label and colour on the page. */
export type BatchOutcome = 'succeeded' | 'failed' | 'canceled' | 'not-run' | 'running' | 'waiting';

const runningStatuses = new Set(['running', 'retrying', 'fallback', 'processing']);

/**
 * A batch's outcome from its latest status; "completed" is an external engine's word for success.
 * Once the review has ended, nothing of it still runs: a batch left open ended with the review —
 * canceled by a cancel, otherwise it never got to finish ("not run").
 */
export function batchOutcome(
  batch: Pick<BatchSummary, 'status' | 'finishedAt'>,
  reviewStatus?: ApiStatus,
): BatchOutcome {
  if (batch.status === 'success' || batch.status === 'completed') return 'succeeded';
  if (batch.status === 'failed') return 'failed';
  if (batch.status === 'canceled') return 'canceled';
  if (reviewStatus !== undefined && isTerminal(reviewStatus))
    return reviewStatus === 'canceled' ? 'canceled' : 'not-run';
  if (runningStatuses.has(batch.status) && batch.finishedAt === null) return 'running';
  return 'waiting';
}

export interface BatchProgress {
  total: number;
  succeeded: number;
  failed: number;
  canceled: number;
  /** Left open when the review ended otherwise than by a cancel. */
  notRun: number;
  /** 1-based positions of the batches running now (several run in parallel). */
  runningPositions: number[];
}

/**
 * Counts each outcome on its own: "3 of 3 done" with a full bar is false when they all failed.
 * `total` is the planned count; batches not seen yet are waiting (or, once the review ended, ended
 * with it, like the open ones).
 */
export function batchProgress(batches: BatchSummary[], total: number, reviewStatus?: ApiStatus): BatchProgress {
  const progress: BatchProgress = {
    total: Math.max(total, batches.length),
    succeeded: 0,
    failed: 0,
    canceled: 0,
    notRun: 0,
    runningPositions: [],
  };
  const count = (outcome: BatchOutcome, position: number) => {
    if (outcome === 'running') progress.runningPositions.push(position);
    else if (outcome === 'not-run') progress.notRun += 1;
    else if (outcome !== 'waiting') progress[outcome] += 1;
  };
  batches.forEach((batch, index) => count(batchOutcome(batch, reviewStatus), index + 1));
  for (let position = batches.length + 1; position <= progress.total; position++) {
    count(batchOutcome({ status: 'queued', finishedAt: null }, reviewStatus), position);
  }
  return progress;
}

export const finishedCount = (p: BatchProgress) => p.succeeded + p.failed + p.canceled;

/** "2 done, 1 failed" — every outcome that happened, "0 done" when none did yet. */
export function outcomeText(p: BatchProgress): string {
  const parts: string[] = [];
  if (p.succeeded > 0 || finishedCount(p) === 0) parts.push(`${p.succeeded} done`);
  if (p.failed > 0) parts.push(`${p.failed} failed`);
  if (p.canceled > 0) parts.push(`${p.canceled} canceled`);
  if (p.notRun > 0) parts.push(`${p.notRun} not run`);
  return parts.join(', ');
}

/**
 * The headline: which batches run now ("Batches 1–2 of 3 running"), or once none does, how they
 * ended ("3 batches: 2 done, 1 failed"; "3 of 3 batches done" only when all succeeded).
 */
export function progressHeadline(p: BatchProgress): string {
  const running = p.runningPositions;
  if (running.length === 1) return `Batch ${running[0]} of ${p.total} running`;
  if (running.length > 1) {
    const contiguous = running.every((position, i) => i === 0 || position === running[i - 1]! + 1);
    const which = contiguous
      ? `${running[0]}–${running[running.length - 1]}`
      : running.length <= 4
        ? running.join(', ')
        : null;
    return which === null
      ? `${running.length} of ${p.total} batches running`
      : `Batches ${which} of ${p.total} running`;
  }
  if (p.succeeded === p.total || finishedCount(p) === 0) return `${p.succeeded} of ${p.total} batches done`;
  return `${p.total} ${p.total === 1 ? 'batch' : 'batches'}: ${outcomeText(p)}`;
}

/**
 * How a batch's status looks in the table: its own icon and colour per outcome, so a batch ended by
 * a cancel reads "⊘ canceled" in purple, never as a failure; a fallback in progress is a warning.
 */
/** Which picture a batch's pill draws (BatchesSection maps it to an SVG icon). */
export type BatchIconName = 'succeeded' | 'failed' | 'canceled' | 'waiting' | 'warning' | 'running';

export function batchStatusLook(
  batch: Pick<BatchSummary, 'status' | 'finishedAt'>,
  reviewStatus?: ApiStatus,
): { icon: BatchIconName; className: string; spinner: boolean; label: string } {
  const outcome = batchOutcome(batch, reviewStatus);
  if (outcome === 'running') {
    return batch.status === 'fallback'
      ? { icon: 'warning', className: 'status-warning', spinner: false, label: batch.status }
      : { icon: 'running', className: 'status-running', spinner: true, label: batch.status };
  }
  // Ended with the review: say how, not the last status it reported ("running").
  const label = outcome === 'canceled' || outcome === 'not-run' ? outcome.replace('-', ' ') : batch.status;
  const looks: Record<typeof outcome, { icon: BatchIconName; className: string; spinner: boolean; label: string }> = {
    succeeded: { icon: 'succeeded', className: 'status-success', spinner: false, label },
    failed: { icon: 'failed', className: 'status-failed', spinner: false, label },
    canceled: { icon: 'canceled', className: 'status-canceled', spinner: false, label },
    'not-run': { icon: 'waiting', className: 'status-queued', spinner: false, label },
    waiting: { icon: 'waiting', className: 'status-queued', spinner: false, label },
  };
  return looks[outcome];
}
