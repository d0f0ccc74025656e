/**
 * When a provider's quota resets, from what it said on a rate-limited answer, and the words a
 * failure uses for it once retries have run out.
 */

/** OpenAI's `x-ratelimit-reset-*` durations: "1s", "6m0s", "20ms", "1h2m3.5s". */
export function parseResetDuration(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const match = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/.exec(trimmed);
  if (!match || trimmed === '') return undefined;
  const [, h = '0', m = '0', s = '0', ms = '0'] = match;
  return Math.round(Number(h) * 3_600_000 + Number(m) * 60_000 + Number(s) * 1_000 + Number(ms));
}

/** The latest of OpenAI's request and token resets, when it sent them. */
export function quotaResetFromHeaders(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const resets = ['x-ratelimit-reset-requests', 'x-ratelimit-reset-tokens']
    .map((name) => parseResetDuration(headers.get(name)))
    .filter((ms): ms is number => ms !== undefined);
  return resets.length === 0 ? undefined : Math.max(...resets);
}

/** The longest of the hints (any may be missing): the quota is back once all of them have passed. */
export function latestReset(...hints: (number | undefined)[]): number | undefined {
  const known = hints.filter((ms): ms is number => ms !== undefined);
  return known.length === 0 ? undefined : Math.max(...known);
}

/** "quota resets at 14:05 UTC (in 12 min)"; `now` is when the provider said it (ms since the epoch). */
export function quotaResetText(now: number, resetMs: number): string {
  const at = new Date(now + resetMs);
  const clock = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
  return `quota resets at ${clock} UTC (in ${inWords(resetMs)})`;
}

function inWords(ms: number): string {
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}
