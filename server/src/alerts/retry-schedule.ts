/**
 * When to try a failed delivery again: the Standard Webhooks / Svix schedule (5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, then 10 h) with ±20 % jitter, so endpoints that failed together are not all hit
 * again in the same second.
 */
const scheduleMs = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000];

/** Retries stop this long after the notification was queued. */
export const RETRY_FOR_MS = 3 * 24 * 3_600_000;

/** The delay after the `attempt`-th failed attempt (1-based); `random` is in [0, 1). */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = scheduleMs[Math.min(attempt, scheduleMs.length) - 1] ?? scheduleMs[0]!;
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * A receiver's `Retry-After` (429/503): seconds or an HTTP date, as ms from `now`; undefined when
 * missing or unreadable (the schedule applies). Capped at the longest step of the schedule.
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), scheduleMs[scheduleMs.length - 1]!);
}
