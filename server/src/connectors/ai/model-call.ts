import type { OutboundPolicy } from '../../outbound/outbound-policy.ts';
import { EngineError } from '../../errors/engine-error.ts';
import { systemClock, type Clock } from '../../lib/clock.ts';
import {
  defaultTimeouts,
  type ConnectorConfig,
  type ModelCallObserver,
  type ModelCallResult,
  type ModelRequest,
  type ModelTimeouts,
} from './ai-types.ts';
import { canceledError, plainAttempt, reportOf, streamAttempt, type StreamProgress } from './model-attempt.ts';
import { createProviderAdapter } from './provider-adapter.ts';
import { isQuotaFailure, isRetriable, retryDelayMs } from './retry-policy.ts';
import { quotaResetText } from './quota-reset.ts';

export interface CallModelOptions {
  /** Aborts the in-flight HTTP request and any backoff wait; the call then throws `canceled`. */
  signal: AbortSignal;
  timeouts?: Partial<ModelTimeouts>;
  observer?: ModelCallObserver;
  /** Every request the call makes passes it. */
  outbound: OutboundPolicy;
  /**
   * Measures durations and runs the watchdogs and the waits between retries (the system clock by
   * default). The demo's replay passes its virtual clock, so limits, waits and durations all read in
   * the time base its events are stamped with.
   */
  clock?: Clock;
  /** Waits between retries; resolves early when `signal` aborts. Tests pass one that records. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const progressIntervalMs = 1_000;

/**
 * One model call with the engine's rules (engine.md, "Call the model"):
 * - stream first (unless the connector is set to plain requests); a stream that never starts or
 *   stalls is abandoned for the same request without streaming, and stays plain for the rest of
 *   this call;
 * - rate limits, network failures, provider errors and timeouts are retried with the provider's
 *   Retry-After or backoff, `maxAttempts` failures at most; anything else (auth first) throws at once.
 * Every request is an attempt (`onStart`, `attempts`), the plain request after a fallback included;
 * only failures count against `maxAttempts`. Every attempt but the answering one reports its end
 * (`onAttemptEnd`). Throws EngineError only.
 */
export async function callModel(
  config: ConnectorConfig,
  request: ModelRequest,
  options: CallModelOptions,
): Promise<ModelCallResult> {
  const { signal, observer = {} } = options;
  const timeouts: ModelTimeouts = { ...defaultTimeouts, ...options.timeouts };
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? ((ms: number, abort: AbortSignal) => clock.sleep(ms, abort));
  const adapter = createProviderAdapter(config, {
    // Our watchdogs should fire before the SDK's own timeout, so the error says what happened.
    sdkTimeoutMs: Math.max(timeouts.requestMs, timeouts.firstChunkMs) + 5_000,
    outbound: options.outbound,
  });

  let streaming = config.streaming;
  let fallback: ModelCallResult['fallback'];
  let attempts = 0;
  let failures = 0;
  /** The rate-limit/backoff wait before the current attempt (its `backoffMs`), on the call's clock. */
  let backoffMs = 0;
  for (;;) {
    if (signal.aborted) throw canceledError(signal);
    attempts += 1;
    const attempt = attempts;
    const attemptStartedAt = clock.now();
    let endedAt = attemptStartedAt;
    /** Reads the clock once, so a duration and the moment it is reported at agree exactly. */
    const elapsed = () => {
      endedAt = clock.now();
      return Math.round(endedAt - attemptStartedAt);
    };
    let chunks = 0;
    const reportProgress = throttledProgress(observer, attempt, elapsed);
    observer.onStart?.(
      streaming
        ? { streaming, attempt, at: attemptStartedAt, firstChunkMs: timeouts.firstChunkMs, stallMs: timeouts.stallMs }
        : { streaming, attempt, at: attemptStartedAt },
    );
    try {
      if (streaming) {
        const outcome = await streamAttempt(
          adapter,
          request,
          signal,
          timeouts,
          (progress) => {
            chunks = progress.chunks;
            reportProgress(progress);
          },
          clock,
        );
        if (outcome.kind === 'stalled') {
          fallback = { reason: outcome.reason, afterMs: outcome.afterMs };
          observer.onAttemptEnd?.({
            at: attemptStartedAt + outcome.afterMs,
            attempt,
            streaming,
            backoffMs,
            durationMs: outcome.afterMs,
            chunks: outcome.chunks,
            category: 'stream_stall',
            message: outcome.message,
            httpStatus: undefined,
          });
          observer.onFallback?.({
            ...fallback,
            limitMs: outcome.limitMs,
            message: outcome.message,
            attempt: attempt + 1,
          });
          streaming = false;
          backoffMs = 0;
          continue;
        }
        const { kind: _answer, ...answer } = outcome;
        return { ...answer, streaming, fallback, attempts, backoffMs, durationMs: elapsed(), endedAt };
      }
      const answer = await plainAttempt(adapter, request, signal, timeouts.requestMs, clock);
      return {
        text: answer.text,
        streaming,
        fallback,
        attempts,
        backoffMs,
        chunks: 0,
        ttfbMs: undefined,
        ttftMs: undefined,
        durationMs: elapsed(),
        endedAt,
        ...reportOf(answer),
      };
    } catch (caught) {
      const error = asEngineError(caught, signal);
      const durationMs = elapsed();
      observer.onAttemptEnd?.({
        at: endedAt,
        attempt,
        streaming,
        backoffMs,
        durationMs,
        chunks,
        category: error.category,
        message: error.message,
        httpStatus: error.httpStatus,
      });
      failures += 1;
      if (!isRetriable(error)) throw error;
      if (failures >= timeouts.maxAttempts) throw gaveUp(error, attempts, endedAt);
      const delayMs = retryDelayMs(error, failures, timeouts.maxBackoffMs);
      observer.onRetry?.({
        attempt: attempts + 1,
        delayMs,
        category: error.category,
        message: error.message,
        retryAt: endedAt + delayMs,
        maxAttempts: attempts + (timeouts.maxAttempts - failures),
        httpStatus: error.httpStatus,
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      });
      const waitStartedAt = clock.now();
      await sleep(delayMs, signal);
      backoffMs = Math.round(clock.now() - waitStartedAt);
      observer.onRetryWaitEnd?.({ attempt: attempts + 1, waitedMs: backoffMs });
    }
  }
}

/** Reports on a chunk only when a second has passed since the last report (the first chunk reports). */
function throttledProgress(observer: ModelCallObserver, attempt: number, elapsed: () => number) {
  let lastReportAt = Number.NEGATIVE_INFINITY;
  return (progress: StreamProgress) => {
    if (!observer.onProgress) return;
    const now = elapsed();
    if (now - lastReportAt < progressIntervalMs) return;
    lastReportAt = now;
    observer.onProgress({ ...progress, attempt, elapsedMs: now });
  };
}

function asEngineError(error: unknown, signal: AbortSignal): EngineError {
  if (signal.aborted) return canceledError(signal);
  if (error instanceof EngineError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new EngineError('unknown', `The model call failed: ${detail}`, { cause: error });
}

/** The last failure, saying so; a quota's failure also says when the provider said it resets. */
function gaveUp(error: EngineError, attempts: number, at: number): EngineError {
  const reset =
    isQuotaFailure(error) && error.quotaResetMs !== undefined ? `; ${quotaResetText(at, error.quotaResetMs)}` : '';
  return new EngineError(error.category, `${error.message} (gave up after ${attempts} attempts)${reset}`, {
    cause: error,
    retryAfterMs: error.retryAfterMs,
    quotaResetMs: error.quotaResetMs,
    httpStatus: error.httpStatus,
  });
}
