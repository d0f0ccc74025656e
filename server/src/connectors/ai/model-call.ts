import type { OutboundPolicy } from '../../outbound/outbound-policy.ts';
import { EngineError } from '../../engine/engine-error.ts';
import { systemClock } from '../../events/clock.ts';
import {
  defaultTimeouts,
  type ConnectorConfig,
  type ModelCallObserver,
  type ModelCallResult,
  type ModelRequest,
  type ModelTimeouts,
} from './ai-types.ts';
import { canceledError, plainAttempt, streamAttempt, type StreamProgress } from './model-attempt.ts';
import { createProviderAdapter } from './provider-adapter.ts';
import { isRetriable, retryDelayMs } from './retry-policy.ts';

export interface CallModelOptions {
  /** Aborts the in-flight HTTP request and any backoff wait; the call then throws `canceled`. */
  signal: AbortSignal;
  timeouts?: Partial<ModelTimeouts>;
  observer?: ModelCallObserver;
  /** Every request the call makes passes it. */
  outbound: OutboundPolicy;
  /** Waits between retries; resolves early when `signal` aborts. Tests pass one that records. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const progressIntervalMs = 1_000;

/**
 * One model call with the engine's rules (engine.md, "Call the model"):
 * - stream first (unless the connector is set to plain requests); a stream that never starts or
 *   stalls is abandoned for the same request without streaming, and stays plain for the rest of
 *   this call;
 * - rate limits, network failures and timeouts are retried with the provider's Retry-After or
 *   backoff, `maxAttempts` failures at most; anything else (auth first) throws at once.
 * Every request is an attempt (`onStart`, `attempts`), the plain request after a fallback included;
 * only failures count against `maxAttempts`. Throws EngineError only.
 */
export async function callModel(
  config: ConnectorConfig,
  request: ModelRequest,
  options: CallModelOptions,
): Promise<ModelCallResult> {
  const { signal, observer = {} } = options;
  const timeouts: ModelTimeouts = { ...defaultTimeouts, ...options.timeouts };
  const sleep = options.sleep ?? systemClock.sleep;
  const adapter = createProviderAdapter(config, {
    // Our watchdogs should fire before the SDK's own timeout, so the error says what happened.
    sdkTimeoutMs: Math.max(timeouts.requestMs, timeouts.firstChunkMs) + 5_000,
    outbound: options.outbound,
  });
  const startedAt = performance.now();
  const elapsed = () => Math.round(performance.now() - startedAt);
  const reportProgress = throttledProgress(observer, elapsed);

  let streaming = config.streaming;
  let fallback: ModelCallResult['fallback'];
  let attempts = 0;
  let failures = 0;
  for (;;) {
    if (signal.aborted) throw canceledError(signal);
    attempts += 1;
    observer.onStart?.(
      streaming
        ? { streaming, attempt: attempts, firstChunkMs: timeouts.firstChunkMs, stallMs: timeouts.stallMs }
        : { streaming, attempt: attempts },
    );
    try {
      if (streaming) {
        const outcome = await streamAttempt(adapter, request, signal, timeouts, reportProgress);
        if (outcome.kind === 'stalled') {
          fallback = { reason: outcome.reason, afterMs: outcome.afterMs };
          observer.onFallback?.(fallback);
          streaming = false;
          continue;
        }
        const { text, chunks, ttfbMs, tokensIn, tokensOut } = outcome;
        return { text, streaming, fallback, attempts, chunks, ttfbMs, durationMs: elapsed(), tokensIn, tokensOut };
      }
      const answer = await plainAttempt(adapter, request, signal, timeouts.requestMs);
      return {
        text: answer.text,
        streaming,
        fallback,
        attempts,
        chunks: 0,
        ttfbMs: undefined,
        durationMs: elapsed(),
        tokensIn: answer.tokensIn,
        tokensOut: answer.tokensOut,
      };
    } catch (caught) {
      const error = asEngineError(caught, signal);
      failures += 1;
      if (!isRetriable(error)) throw error;
      if (failures >= timeouts.maxAttempts) throw gaveUp(error, attempts);
      const delayMs = retryDelayMs(error, failures, timeouts.maxBackoffMs);
      observer.onRetry?.({ attempt: attempts + 1, delayMs, category: error.category, message: error.message });
      await sleep(delayMs, signal);
    }
  }
}

/** Reports on a chunk only when a second has passed since the last report (the first chunk reports). */
function throttledProgress(observer: ModelCallObserver, elapsed: () => number) {
  let lastReportAt = Number.NEGATIVE_INFINITY;
  return (progress: StreamProgress) => {
    if (!observer.onProgress) return;
    const now = elapsed();
    if (now - lastReportAt < progressIntervalMs) return;
    lastReportAt = now;
    observer.onProgress({ ...progress, elapsedMs: now });
  };
}

function asEngineError(error: unknown, signal: AbortSignal): EngineError {
  if (signal.aborted) return canceledError(signal);
  if (error instanceof EngineError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new EngineError('unknown', `The model call failed: ${detail}`, { cause: error });
}

function gaveUp(error: EngineError, attempts: number): EngineError {
  return new EngineError(error.category, `${error.message} (gave up after ${attempts} attempts)`, {
    cause: error,
    retryAfterMs: error.retryAfterMs,
    httpStatus: error.httpStatus,
  });
}
