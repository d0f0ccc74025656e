import { EngineError } from '../../errors/engine-error.ts';
import type { Clock } from '../../lib/clock.ts';
import type { ModelRequest, ModelTimeouts, ProviderReport } from './ai-types.ts';
import type { ModelChunk, ProviderAdapter } from './provider-adapter.ts';

/** One request to the provider, streamed or plain, each under its own watchdog. */

export interface StreamedAnswer extends ProviderReport {
  kind: 'answer';
  text: string;
  chunks: number;
  ttfbMs: number | undefined;
  /** The first piece with text, not just any piece. */
  ttftMs: number | undefined;
}

export interface StreamStalled {
  kind: 'stalled';
  reason: 'no_chunks' | 'stall';
  /** From sending the request to giving up on the stream. */
  afterMs: number;
  /** The watchdog's limit that ran out (firstChunkMs or stallMs). */
  limitMs: number;
  /** What happened, with the limit in the clock's time base. */
  message: string;
  chunks: number;
}

/** A wait as a person reads it: "400 ms", "30 s", "1.5 s". */
export function formatWait(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}

/**
 * Runs `fire` after `ms` on `clock` (the demo's virtual one included) unless disarmed first, so a
 * watchdog's wait and the time its message states are measured on the same clock.
 */
function watchdog(clock: Clock, ms: number, fire: () => void): () => void {
  const disarm = new AbortController();
  void clock.sleep(ms, disarm.signal).then(() => {
    if (!disarm.signal.aborted) fire();
  });
  // A streamed answer re-arms once per chunk: a reason of our own spares abort() building a
  // DOMException (with its stack trace) each time, CPU the other batches' steps were waiting for.
  return () => disarm.abort(disarmedReason);
}

const disarmedReason = 'watchdog disarmed';

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
  clock: Clock,
): Promise<StreamedAnswer | StreamStalled> {
  const { controller, dispose } = requestController(callerSignal);
  const startedAt = clock.now();
  let disarm = () => {};
  let stalled: StreamStalled | undefined;
  const arm = (reason: StreamStalled['reason'], ms: number) => {
    disarm();
    disarm = watchdog(clock, ms, () => {
      const message =
        reason === 'no_chunks' ? `No stream chunk within ${formatWait(ms)}` : `No stream chunk for ${formatWait(ms)}`;
      const afterMs = Math.round(clock.now() - startedAt);
      stalled = { kind: 'stalled', reason, afterMs, limitMs: ms, message, chunks: answer.chunks };
      controller.abort(new EngineError('stream_stall', message));
    });
  };

  const answer: StreamedAnswer = {
    kind: 'answer',
    text: '',
    chunks: 0,
    ttfbMs: undefined,
    ttftMs: undefined,
    ...noReport,
  };
  arm('no_chunks', timeouts.firstChunkMs);
  try {
    for await (const chunk of adapter.stream(request, controller.signal)) {
      const sinceStart = Math.round(clock.now() - startedAt);
      answer.ttfbMs ??= sinceStart;
      if (chunk.text.length > 0) answer.ttftMs ??= sinceStart;
      arm('stall', timeouts.stallMs);
      take(answer, chunk);
      onChunk({ chunks: answer.chunks, chars: answer.text.length, ttfbMs: answer.ttfbMs });
    }
  } catch (error) {
    if (callerSignal.aborted) throw canceledError(callerSignal);
    if (stalled) return stalled;
    throw error;
  } finally {
    disarm();
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
  // Usage comes on one piece (usually the last); Gemini repeats a partial one on every piece.
  answer.tokensIn = chunk.tokensIn ?? answer.tokensIn;
  answer.tokensOut = chunk.tokensOut ?? answer.tokensOut;
  answer.loadMs = chunk.loadMs ?? answer.loadMs;
  answer.promptEvalMs = chunk.promptEvalMs ?? answer.promptEvalMs;
  answer.generationMs = chunk.generationMs ?? answer.generationMs;
}

export const noReport: ProviderReport = {
  tokensIn: undefined,
  tokensOut: undefined,
  loadMs: undefined,
  promptEvalMs: undefined,
  generationMs: undefined,
};

/** A plain answer's report, each field present (undefined where the provider said nothing). */
export function reportOf(chunk: ModelChunk): ProviderReport {
  return {
    tokensIn: chunk.tokensIn,
    tokensOut: chunk.tokensOut,
    loadMs: chunk.loadMs,
    promptEvalMs: chunk.promptEvalMs,
    generationMs: chunk.generationMs,
  };
}

/** The plain request, aborted with a `timeout` after `requestMs`. */
export async function plainAttempt(
  adapter: ProviderAdapter,
  request: ModelRequest,
  callerSignal: AbortSignal,
  requestMs: number,
  clock: Clock,
): Promise<ModelChunk> {
  const { controller, dispose } = requestController(callerSignal);
  const disarm = watchdog(clock, requestMs, () =>
    controller.abort(new EngineError('timeout', `The model did not answer within ${formatWait(requestMs)}`)),
  );
  try {
    return await adapter.complete(request, controller.signal);
  } catch (error) {
    if (callerSignal.aborted) throw canceledError(callerSignal);
    throw error;
  } finally {
    disarm();
    dispose();
  }
}
