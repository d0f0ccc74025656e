import { describe, expect, it } from 'vitest';
import { EngineError } from '../../errors/engine-error.ts';
import { errorCodeOf, errorFromStatus, parseRetryAfter, retryAfterFromHeaders } from './provider-errors.ts';
import { isRetriable, retryDelayMs } from './retry-policy.ts';

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('prefers the millisecond header some OpenAI-compatible servers send', () => {
    expect(retryAfterFromHeaders(new Headers({ 'retry-after-ms': '250', 'retry-after': '3' }))).toBe(250);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '3' }))).toBe(3_000);
    expect(retryAfterFromHeaders(new Headers())).toBeUndefined();
  });
});

describe('status classification', () => {
  it.each([
    [401, 'auth'],
    [403, 'auth'],
    [429, 'rate_limit'],
    [408, 'timeout'],
    [404, 'provider_error'],
    [500, 'provider_error'],
    [503, 'provider_error'],
    [400, 'unknown'],
  ] as const)('HTTP %i is %s', (status, category) => {
    const error = errorFromStatus('Provider', status, 'detail');
    expect(error.category).toBe(category);
    expect(error.httpStatus).toBe(status);
  });

  it('finds the socket error code that fetch hides in its cause', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    expect(errorCodeOf(refused)).toBe('ECONNREFUSED');
    expect(errorCodeOf(new Error('no code'))).toBeUndefined();
  });
});

describe('retry policy', () => {
  it('retries rate limits, timeouts and server or connection failures, not refusals', () => {
    expect(isRetriable(new EngineError('rate_limit', 'x', { httpStatus: 429 }))).toBe(true);
    expect(isRetriable(new EngineError('timeout', 'x'))).toBe(true);
    expect(isRetriable(new EngineError('network', 'x'))).toBe(true);
    expect(isRetriable(new EngineError('network', 'x', { httpStatus: 502 }))).toBe(true);
    expect(isRetriable(new EngineError('network', 'x', { httpStatus: 404 }))).toBe(false);
    expect(isRetriable(new EngineError('provider_error', 'x', { httpStatus: 503 }))).toBe(true);
    expect(isRetriable(new EngineError('provider_error', 'x'))).toBe(true);
    expect(isRetriable(new EngineError('provider_error', 'x', { httpStatus: 404 }))).toBe(false);
    expect(isRetriable(new EngineError('auth', 'x', { httpStatus: 401 }))).toBe(false);
    expect(isRetriable(new EngineError('canceled', 'x'))).toBe(false);
  });

  it('waits what the provider asked, capped', () => {
    expect(retryDelayMs(new EngineError('rate_limit', 'x', { retryAfterMs: 2_000 }), 1, 60_000)).toBe(2_000);
    expect(retryDelayMs(new EngineError('rate_limit', 'x', { retryAfterMs: 120_000 }), 1, 60_000)).toBe(60_000);
  });

  it('backs off exponentially with jitter otherwise, capped', () => {
    const error = new EngineError('network', 'x');
    expect(retryDelayMs(error, 1, 60_000, () => 0)).toBe(500);
    expect(retryDelayMs(error, 1, 60_000, () => 1)).toBe(1_000);
    expect(retryDelayMs(error, 3, 60_000, () => 1)).toBe(4_000);
    expect(retryDelayMs(error, 10, 60_000, () => 1)).toBe(60_000);
    expect(retryDelayMs(error, 10, 60_000, () => 0)).toBe(30_000);
  });
});
