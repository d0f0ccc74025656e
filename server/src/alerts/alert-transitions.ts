/**
 * One rule × fingerprint, one evaluation: what happens to its alert. Pure, so hysteresis is tested
 * without a database. `ok` is the absence of a firing alert.
 *
 * - not firing, breaching → `fire` (one notification);
 * - firing, breaching → `hold` (observed value refreshed, any recovery clock reset: no notification);
 * - firing, not breaching → `recovering` until it has stayed below for one whole window, then
 *   `resolve` (one notification). A value that crosses again meanwhile is back to `hold`, so a
 *   flapping connector pages once, not every minute.
 */
export type Transition = 'fire' | 'hold' | 'recovering' | 'resolve' | 'none';

export function nextTransition(
  firing: { belowSince: Date | null } | undefined,
  breaching: boolean,
  now: Date,
  windowMs: number,
): Transition {
  if (!firing) return breaching ? 'fire' : 'none';
  if (breaching) return 'hold';
  const belowSince = firing.belowSince ?? now;
  return now.getTime() - belowSince.getTime() >= windowMs ? 'resolve' : 'recovering';
}
