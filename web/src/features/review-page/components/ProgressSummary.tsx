import type { ReviewDetail } from '@reviewtrace/contracts';
import { AsOf } from '../../../components/ui/LiveDuration.tsx';
import { ProgressBar } from '../../../components/ui/ProgressBar.tsx';
import { formatDuration } from '../../../lib/format.ts';
import { useLiveNow } from '../../live/hooks/useLiveNow.ts';
import { batchProgress, finishedCount, outcomeText, progressHeadline } from '../batch-progress.ts';
import type { OpenModelCall } from '../model-call-wait.ts';
import { estimateRemainingMs } from '../progress-estimate.ts';
import { ModelCallWait } from './ModelCallWait.tsx';
import { BatchWaits } from './BatchWaits.tsx';
import { queueText, type OpenWait } from '../waiting-text.ts';

/**
 * Which batches run ("Batches 1–2 of 3 running"), a bar coloured by how each ended, and the time
 * left from the pace so far ("estimating…" before one batch is done; "as of" while offline).
 */
export function ProgressSummary({
  review,
  calls,
  waits = [],
}: {
  review: ReviewDetail;
  calls: OpenModelCall[];
  /** Batches waiting for a connector slot or a rate limit (counted down live). */
  waits?: OpenWait[];
}) {
  const running = review.status === 'running';
  const { now, asOf } = useLiveNow(running);
  const progress = batchProgress(review.batches, review.progress?.batchesTotal ?? review.batches.length, review.status);
  if (progress.total === 0) {
    return (
      <section className="progress-summary" aria-label="Progress">
        <p className="muted" data-testid="queue-place">
          {review.status === 'queued'
            ? review.queue
              ? queueText(review.queue)
              : 'Waiting for a worker…'
            : running
              ? 'Preparing batches…'
              : 'No batches.'}
        </p>
        {running && <BatchWaits waits={waits} connectorName={review.connector?.name ?? null} />}
        {running && <ModelCallWait calls={calls} connectorName={review.connector?.name ?? null} />}
      </section>
    );
  }
  const remaining = running ? estimateRemainingMs(review.batches, progress.total, review.startedAt, now) : null;
  const outcome = outcomeText(progress);
  return (
    <section className="progress-summary" aria-label="Progress">
      <p className="progress-text" data-testid="progress-headline">
        {progressHeadline(progress)}
      </p>
      <ProgressBar
        total={progress.total}
        label={`${finishedCount(progress)} of ${progress.total} batches finished: ${outcome}`}
        segments={[
          { kind: 'succeeded', count: progress.succeeded },
          { kind: 'failed', count: progress.failed },
          { kind: 'canceled', count: progress.canceled },
          { kind: 'not-run', count: progress.notRun },
        ]}
      />
      {running && progress.runningPositions.length > 0 && <p className="muted">So far: {outcome}</p>}
      {running && <BatchWaits waits={waits} connectorName={review.connector?.name ?? null} />}
      {running && <ModelCallWait calls={calls} connectorName={review.connector?.name ?? null} />}
      {running && (
        <p className="muted" data-testid="time-left">
          {remaining === null ? 'Time left: estimating…' : `About ${formatDuration(remaining)} left`}
          {asOf !== null && <AsOf at={asOf} />}
        </p>
      )}
    </section>
  );
}
