/** One coloured part of a bar: how many of the total ended this way. */
export interface ProgressSegment {
  /** `done` is an outcome-blind count (the list knows only how many finished). */
  kind: 'succeeded' | 'failed' | 'canceled' | 'not-run' | 'done';
  count: number;
}

/**
 * A bar split by outcome, so failed batches never look like progress: green done, vermilion failed,
 * purple canceled (ui.md's palette); the label says the same in words.
 */
export function ProgressBar({ segments, total, label }: { segments: ProgressSegment[]; total: number; label: string }) {
  const finished = segments.reduce((sum, s) => sum + s.count, 0);
  return (
    <span
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={Math.min(finished, total)}
    >
      {segments
        .filter((segment) => segment.count > 0)
        .map((segment) => (
          <span
            key={segment.kind}
            className={`progress-fill progress-${segment.kind}`}
            data-segment={segment.kind}
            style={{ width: `${total > 0 ? Math.min(100, (segment.count / total) * 100) : 0}%` }}
          />
        ))}
    </span>
  );
}
