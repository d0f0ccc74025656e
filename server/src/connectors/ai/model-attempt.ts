import { EngineError } from '../../engine/engine-error.ts';
import type { ModelRequest, ModelTimeouts } from './ai-types.ts';
import type { ModelChunk, ProviderAdapter } from './provider-adapter.ts';

/** One request to the provider, streamed or plain, each under its own watchdog. */

export interface StreamedAnswer {
  kind: 'answer';
  text: string;
  chunks: number;
  ttfbMs: number | undefined;
  tokensIn: number | undefined;
  tokensOut: number | undefined;
}

export interface StreamStalled {
  kind: 'stalled';
  reason: 'no_chunks' | 'stall';
  /** From sending the request to giving up on the stream. */
  afterMs: number;
}

export interface StreamProgress {
  chunks: number;
  chars: number;
  ttfbMs: number | undefined;
}

export function canceledError(signal: AbortSignal): EngineError {
  return new EngineError('canceled', 'The model call was canceled', { cause: signal.reason });
}

/**
 * A controller for one request that follows the caller's signal. Its abort reasons are
 * EngineErrors, which the adapters rethrow as they are: that is how a caught error says whether the
 * caller canceled or one of our watchdogs gave up, without racing on which happened first.
 */
function requestController(callerSignal: AbortSignal): { controller: AbortController; dispose: () => void } {
  const controller = new AbortController();
  const forwardCancel = () => controller.abort(canceledError(callerSignal));
  if (callerSignal.aborted) forwardCancel();
  else callerSignal.addEventListener('abort', forwardCancel, { once: true });
  return { controller, dispose: () => callerSignal.removeEventListener('abort', forwardCancel) };
}

/**
 * Streams the answer. No chunk within `firstChunkMs` of sending, or a gap over `stallMs` between
 * chunks, aborts the request and reports a stall (proxies that buffer streams look exactly like
 * this). Any chunk counts as life, even an empty one: models that think first send those.
 */
export async function streamAttempt(
  adapter: ProviderAdapter,
  request: ModelRequest,
  callerSignal: AbortSignal,
  timeouts: Pick<ModelTimeouts, 'firstChunkMs' | 'stallMs'>,
  onChunk: (progress: StreamProgress) => void,
): Promise<StreamedAnswer | StreamStalled> {
  const { controller, dispose } = requestController(callerSignal);
  const startedAt = performance.now();
  let watchdog: NodeJS.Timeout | undefined;
  let stalled: StreamStalled | undefined;
  const arm = (reason: StreamStalled['reason'], ms: number) => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      stalled = { kind: 'stalled', reason, afterMs: Math.round(performance.now() - startedAt) };
      const what = reason === 'no_chunks' ? `No stream chunk within ${ms} ms` : `No stream chunk for ${ms} ms`;
      controller.abort(new EngineError('stream_stall', what));
    }, ms);
  };

  const answer: StreamedAnswer = {
    kind: 'answer',
    text: '',
    chunks: 0,
    ttfbMs: undefined,
    tokensIn: undefined,
    tokensOut: undefined,
  };
  arm('no_chunks', timeouts.firstChunkMs);
  try {
    for await (const chunk of adapter.stream(request, controller.signal)) {
      answer.ttfbMs ??= Math.round(performance.now() - startedAt);
      arm('stall', timeouts.stallMs);
      take(answer, chunk);
      onChunk({ chunks: answer.chunks, chars: answer.text.length, ttfbMs: answer.ttfbMs });
    }
  } catch (error) {
    if (callerSignal.aborted) throw canceledError(callerSignal);
    if (stalled) return stalled;
    throw error;
  } finally {
    clearTimeout(watchdog);
    dispose();
  }
  if (callerSignal.aborted) throw canceledError(callerSignal);
  return answer;
}

function take(answer: StreamedAnswer, chunk: ModelChunk): void {
  if (chunk.text.length > 0) {
    answer.text += chunk.text;
    answer.chunks += 1;
  }
  answer.tokensIn = chunk.tokensIn ?? answer.tokensIn;
  answer.tokensOut = chunk.tokensOut ?? answer.tokensOut;
}

/** The plain request, aborted with a `timeout` after `requestMs`. */
export async function plainAttempt(
  adapter: ProviderAdapter,
  request: ModelRequest,
  callerSignal: AbortSignal,
  requestMs: number,
): Promise<ModelChunk> {
  const { controller, dispose } = requestController(callerSignal);
  const timer = setTimeout(
    () => controller.abort(new EngineError('timeout', `The model did not answer within ${requestMs} ms`)),
    requestMs,
  );
  try {
    return await adapter.complete(request, controller.signal);
  } catch (error) {
    if (callerSignal.aborted) throw canceledError(callerSignal);
    throw error;
  } finally {
    clearTimeout(timer);
    dispose();
  }
}
