import type { EngineError } from '../../errors/engine-error.ts';

export type RetriableCategory = 'rate_limit' | 'network' | 'provider_error' | 'timeout';

/** First backoff step when the provider names no delay; doubles per retry up to the cap. */
const baseBackoffMs = 1_000;

/**
 * Rate limits, timeouts, network failures and the provider's own failures (5xx, a broken stream)
 * may pass; anything the provider refused on purpose (auth, a 4xx such as a 404 for a wrong base
 * URL or model) will be refused again.
 */
export function isRetriable(error: EngineError): error is EngineError & { category: RetriableCategory } {
  if (error.category === 'rate_limit' || error.category === 'timeout') return true;
  if (error.category !== 'network' && error.category !== 'provider_error') return false;
  return error.httpStatus === undefined || error.httpStatus >= 500;
}

/**
 * The provider's Retry-After when it gave one, else exponential backoff with jitter (half fixed,
 * half random, so concurrent batches that failed together do not all come back together); both
 * capped at `maxBackoffMs`. `retry` counts from 1.
 */
export function retryDelayMs(error: EngineError, retry: number, maxBackoffMs: number, random = Math.random): number {
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, maxBackoffMs);
  const ceiling = Math.min(maxBackoffMs, baseBackoffMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A rate limit or quota: a 429, or a 503 (providers say "overloaded, retry later" with it). */
export function isQuotaFailure(error: Pick<EngineError, 'category' | 'httpStatus'>): boolean {
  return error.category === 'rate_limit' || error.httpStatus === 503;
}
