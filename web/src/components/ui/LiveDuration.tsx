import type { ReviewSummary } from '@reviewtrace/contracts';
import { useLiveNow } from '../../features/live/hooks/useLiveNow.ts';
import { formatDuration, formatTimeOfDay } from '../../lib/format.ts';

/**
 * The stored duration once finished; while running, counted from `startedAt` every second — up to
 * the last update only while the page is offline, and then it says "as of" that time.
 */
export function LiveDuration({ review }: { review: Pick<ReviewSummary, 'status' | 'startedAt' | 'durationMs'> }) {
  const running = review.status === 'running' && review.startedAt !== null;
  const { now, asOf } = useLiveNow(running);
  const ms = running ? Math.max(0, now - Date.parse(review.startedAt!)) : review.durationMs;
  return (
    <span className={running && asOf === null ? 'tabular live-duration' : 'tabular'} data-as-of={asOf ?? undefined}>
      {formatDuration(ms)}
      {running && asOf !== null && <AsOf at={asOf} />}
    </span>
  );
}

/** " · as of 14:03:07": a figure that stopped counting because updates stopped arriving. */
export function AsOf({ at }: { at: number }) {
  return <span className="muted as-of"> · as of {formatTimeOfDay(new Date(at))}</span>;
}
