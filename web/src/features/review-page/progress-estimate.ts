import type { BatchSummary } from '@reviewtrace/contracts';

/**
 * Time left from the batches done so far: the mean wall-clock time per finished batch since the run
 * started, times the batches left. Null ("estimating…") until one batch has finished.
 */
export function estimateRemainingMs(
  batches: BatchSummary[],
  total: number,
  startedAt: string | null,
  now: number,
): number | null {
  const done = batches.filter((b) => b.finishedAt && b.status !== 'running').length;
  if (!startedAt || done === 0 || total <= done) return null;
  const elapsed = now - Date.parse(startedAt);
  return Math.max(0, (elapsed / done) * (total - done));
}
