/**
 * The log's level checkboxes show what is on screen. No level filter means every level is shown, so
 * every box is ticked; unticking one filters to the others; ticking the last one back clears the
 * filter. The last ticked box cannot be unticked: an empty log would say nothing about why.
 */
export const logLevels = ['debug', 'info', 'warn', 'error'] as const;

export function levelShown(filter: readonly string[], level: string): boolean {
  return filter.length === 0 || filter.includes(level);
}

/** The level filter after the user flips `level`'s box. */
export function toggledLevels(filter: readonly string[], level: string): string[] {
  const shown = logLevels.filter((l) => levelShown(filter, l));
  const next = shown.includes(level as (typeof logLevels)[number])
    ? shown.filter((l) => l !== level)
    : logLevels.filter((l) => l === level || shown.includes(l));
  if (next.length === 0) return [...filter];
  return next.length === logLevels.length ? [] : next;
}

/** Whether flipping `level` would leave no level shown (its box is then disabled). */
export const isOnlyLevelShown = (filter: readonly string[], level: string) =>
  filter.length === 1 && filter[0] === level;
