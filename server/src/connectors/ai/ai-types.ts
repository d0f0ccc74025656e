import type { ErrorCategory } from '@reviewtrace/contracts';

/**
 * The contract between the engine and the AI provider adapters (Ollama, OpenAI-compatible, Gemini).
 * Adapters speak each provider's real wire protocol through its maintained SDK.
 */
export type AiProviderType = 'ollama' | 'openai' | 'gemini';

export interface ConnectorConfig {
  providerType: AiProviderType;
  /** What the provider's own SDK takes (for OpenAI-compatible servers, the URL ending in /v1). */
  baseUrl: string;
  apiKey: string | null;
  model: string;
  /** false: skip streaming and send the plain request (for proxies that buffer streams). */
  streaming: boolean;
}

export interface ModelRequest {
  system: string;
  prompt: string;
  /** Ask for JSON output where the provider supports it. */
  json: boolean;
  maxOutputTokens?: number;
}

export interface ModelTimeouts {
  /** No first chunk within this → abort the stream, fall back to a plain request. */
  firstChunkMs: number;
  /** A gap between chunks longer than this → same. */
  stallMs: number;
  /** Bound on one plain (non-streaming) request. */
  requestMs: number;
  /** Attempts for rate limits and network errors (1 = no retry). */
  maxAttempts: number;
  /** Cap on a provider's Retry-After and on exponential backoff. */
  maxBackoffMs: number;
}

export const defaultTimeouts: ModelTimeouts = {
  firstChunkMs: 30_000,
  stallMs: 60_000,
  requestMs: 120_000,
  maxAttempts: 4,
  maxBackoffMs: 60_000,
};

/** What the call reports as it goes; the engine turns these into `model_call`/`batch`/`log` events. */
export interface ModelCallObserver {
  /**
   * A request begins, at `at` on the call's clock (its duration counts from there). A streaming one
   * carries its watchdog thresholds, so the page can say how long it waits for the first chunk
   * before falling back (and where a stall begins).
   */
  onStart?(info: { streaming: boolean; attempt: number; at: number; firstChunkMs?: number; stallMs?: number }): void;
  /** Called at most once a second during a stream (never per chunk). */
  onProgress?(info: {
    attempt: number;
    chunks: number;
    chars: number;
    ttfbMs: number | undefined;
    elapsedMs: number;
  }): void;
  /**
   * Every attempt that did not bring the answer ends here, before the next one starts (or the call
   * throws): a stream given up for a fallback, a failure that is retried, the final failure, a cancel.
   * `durationMs` is that attempt's own time, so a fallback's stall wait is its own span.
   */
  onAttemptEnd?(info: {
    /** The call's clock when the attempt ended: `at` of its start plus `durationMs`. */
    at: number;
    attempt: number;
    streaming: boolean;
    /** The rate-limit/backoff wait before this attempt (0 for the first and a fallback's plain request). */
    backoffMs: number;
    durationMs: number;
    chunks: number;
    category: ErrorCategory;
    message: string;
    httpStatus: number | undefined;
  }): void;
  /** `attempt` is the plain request's number (the abandoned stream's plus one). */
  onFallback?(info: {
    reason: 'no_chunks' | 'stall';
    afterMs: number;
    limitMs: number;
    message: string;
    attempt: number;
  }): void;
  /** A retriable failure: the call waits `delayMs` (until `retryAt` on its clock), then tries `attempt`. */
  onRetry?(info: {
    attempt: number;
    delayMs: number;
    category: 'rate_limit' | 'network' | 'provider_error' | 'timeout';
    message: string;
    retryAt: number;
    /** The last attempt there will be, if every one fails. */
    maxAttempts: number;
    httpStatus: number | undefined;
    /** What the provider asked for (Retry-After, RetryInfo), before our cap. */
    retryAfterMs?: number;
  }): void;
  /** The wait before a retry is over (`waitedMs` on the call's clock); the attempt starts next. */
  onRetryWaitEnd?(info: { attempt: number; waitedMs: number }): void;
}

/** What the provider said about the answer; undefined where it said nothing (then we estimate). */
export interface ProviderReport {
  tokensIn: number | undefined;
  tokensOut: number | undefined;
  /** Ollama's own timings (ns on the wire), in ms: loading the model, reading the prompt, generating. */
  loadMs: number | undefined;
  promptEvalMs: number | undefined;
  generationMs: number | undefined;
}

export interface ModelCallResult extends ProviderReport {
  text: string;
  streaming: boolean;
  fallback: { reason: 'no_chunks' | 'stall'; afterMs: number } | undefined;
  attempts: number;
  /** The rate-limit/backoff wait before the answering attempt. */
  backoffMs: number;
  chunks: number;
  ttfbMs: number | undefined;
  /**
   * From sending to the first piece with text (streams only). Later than `ttfbMs` when a provider
   * opens with empty pieces (OpenAI's role chunk, a thinking model's silence).
   */
  ttftMs: number | undefined;
  /** The answering attempt's own time (a fallback's stall wait is not in it). */
  durationMs: number;
  /** The call's clock when the answer was complete. */
  endedAt: number;
}
