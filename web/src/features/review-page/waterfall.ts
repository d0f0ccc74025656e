/**
 * Where a batch's bar sits on the review's time axis, in percent. A bar never runs past the axis:
 * a batch that was still running when the review was canceled has no finish of its own, and
 * "until now" would draw it beyond the review's end (and the page sideways).
 */
export function waterfallBar(
  batch: { startedAt: string | null; finishedAt: string | null },
  axis: { start: number; end: number },
  now: number,
): { left: number; width: number; ms: number | null } {
  if (!batch.startedAt) return { left: 0, width: 0, ms: null };
  const span = Math.max(1, axis.end - axis.start);
  const from = clamp(Date.parse(batch.startedAt), axis.start, axis.end);
  const to = clamp(batch.finishedAt ? Date.parse(batch.finishedAt) : now, from, axis.end);
  const left = ((from - axis.start) / span) * 100;
  // A sliver stays visible, but never pokes out on the right.
  const width = Math.min(100 - left, Math.max(0.5, ((to - from) / span) * 100));
  return { left, width, ms: to - from };
}

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), Math.max(low, high));
