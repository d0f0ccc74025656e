import type { ReviewSummary } from '@reviewtrace/contracts';
import { formatDuration } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';

/** The stored duration once finished; while running, counted from `startedAt` every second. */
export function LiveDuration({ review }: { review: Pick<ReviewSummary, 'status' | 'startedAt' | 'durationMs'> }) {
  const running = review.status === 'running' && review.startedAt !== null;
  const now = useNow(running);
  const ms = running ? now - Date.parse(review.startedAt!) : review.durationMs;
  return <span className={running ? 'tabular live-duration' : 'tabular'}>{formatDuration(ms)}</span>;
}
