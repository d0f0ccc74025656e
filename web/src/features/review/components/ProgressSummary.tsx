import type { ReviewDetail } from '@reviewtrace/contracts';
import { ProgressBar } from '../../../components/ui/ProgressBar.tsx';
import { formatDuration } from '../../../lib/format.ts';
import { useNow } from '../../../lib/use-now.ts';
import { estimateRemainingMs } from '../progress-estimate.ts';

/** "Batch 3 of 8", a bar, and the time left from the pace so far ("estimating…" before one batch is done). */
export function ProgressSummary({ review }: { review: ReviewDetail }) {
  const running = review.status === 'running';
  const now = useNow(running);
  const total = review.progress?.batchesTotal ?? review.batches.length;
  const done = review.progress?.batchesDone ?? review.batches.filter((b) => b.finishedAt).length;
  if (total === 0) {
    return (
      <section className="progress-summary" aria-label="Progress">
        <p className="muted">
          {review.status === 'queued' ? 'Waiting for a worker…' : running ? 'Preparing batches…' : 'No batches.'}
        </p>
      </section>
    );
  }
  const remaining = running ? estimateRemainingMs(review.batches, total, review.startedAt, now) : null;
  return (
    <section className="progress-summary" aria-label="Progress">
      <p className="progress-text">
        {running ? `Batch ${Math.min(done + 1, total)} of ${total}` : `${done} of ${total} batches done`}
      </p>
      <ProgressBar done={done} total={total} label={`${done} of ${total} batches done`} />
      {running && (
        <p className="muted">
          {remaining === null ? 'Time left: estimating…' : `About ${formatDuration(remaining)} left`}
        </p>
      )}
    </section>
  );
}
