import { EngineError } from '../../errors/engine-error.ts';
import { outboundRefusalIn } from '../../outbound/outbound-refused.ts';
import type { RecordingFetch } from './recording-fetch.ts';
import { latestReset } from './quota-reset.ts';

/**
 * Turning provider failures into EngineErrors, from what the failure is (an HTTP status, an SDK
 * error class, a socket error code, which signal aborted), never from the words of its message:
 * messages differ between providers, versions and proxies.
 */

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Reads both the standard header and the millisecond variant some OpenAI-compatible servers send. */
export function retryAfterFromHeaders(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const milliseconds = Number(headers.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  return parseRetryAfter(headers.get('retry-after'));
}

/** A body excerpt for `providerDetail` (owner-only, redacted where shown); one line, 300 characters. */
export function excerpt(detail: string | undefined): string | undefined {
  if (!detail) return undefined;
  const oneLine = detail.replace(/\s+/g, ' ').trim();
  if (oneLine === '') return undefined;
  return oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine;
}

/**
 * A provider's error code or type (`model_not_found`, `RESOURCE_EXHAUSTED`) is safe to show in a
 * review log: an identifier, not prose. Anything else a host sends stays out of the log.
 */
export function safeCode(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(value) ? value : undefined;
}

/**
 * An HTTP error answer as an EngineError. The message (read by everyone who reads the log) names
 * the status and the provider's error code only; the body's words go to `providerDetail`.
 */
export function errorFromStatus(
  provider: string,
  status: number,
  detail: string | undefined,
  extra: { retryAfterMs?: number | undefined; quotaResetMs?: number | undefined; cause?: unknown; code?: unknown } = {},
): EngineError {
  const providerDetail = excerpt(detail);
  const options = {
    httpStatus: status,
    cause: extra.cause,
    retryAfterMs: extra.retryAfterMs,
    quotaResetMs: latestReset(extra.retryAfterMs, extra.quotaResetMs),
    ...(providerDetail ? { providerDetail } : {}),
  };
  const code = safeCode(extra.code);
  const said = code ? `: ${code}` : '';
  if (outboundRefusalIn(extra.cause)) return refusedError(extra.cause, provider);
  if (status === 401 || status === 403) {
    return new EngineError('auth', `${provider} rejected the credentials (HTTP ${status})${said}`, options);
  }
  if (status === 429) return new EngineError('rate_limit', `${provider} is rate limiting (HTTP 429)${said}`, options);
  if (status === 408) return new EngineError('timeout', `${provider} timed out the request (HTTP 408)${said}`, options);
  if (status === 404) {
    // A wrong base URL or an unknown model: the host answered, so it is not "could not reach".
    return new EngineError(
      'provider_error',
      `${provider} answered with an error (HTTP 404: check the base URL and model)${said}`,
      options,
    );
  }
  // The host (or a proxy in front of it) answered: a 5xx is the provider's failure, not ours to reach.
  if (status >= 500)
    return new EngineError('provider_error', `${provider} answered with an error (HTTP ${status})${said}`, options);
  return new EngineError('unknown', `${provider} refused the request (HTTP ${status})${said}`, options);
}

/** The outbound policy refused to connect: nothing was sent. */
export function refusedError(error: unknown, provider: string): EngineError {
  const refusal = outboundRefusalIn(error);
  return new EngineError('network', `${provider}: ${refusal?.message ?? 'blocked by the outbound policy'}`, {
    cause: error,
  });
}

/** The caller's cancel, or the reason our own watchdog put on the signal (timeout, stream stall). */
export function abortError(signal: AbortSignal, provider: string): EngineError {
  const reason: unknown = signal.reason;
  if (reason instanceof EngineError) return reason;
  return new EngineError('canceled', `The ${provider} call was canceled`, { cause: reason });
}

/** What each socket-level timeout means, in the words of the message a user reads. */
const timeoutCodes: Record<string, string> = {
  ETIMEDOUT: 'did not answer in time',
  UND_ERR_CONNECT_TIMEOUT: 'did not accept the connection in time',
  UND_ERR_HEADERS_TIMEOUT: 'did not answer in time',
  UND_ERR_BODY_TIMEOUT: 'stopped sending its answer',
};

/** The system or undici error code somewhere in the cause chain (`fetch failed` hides it in `cause`). */
export function errorCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A failure below HTTP behind an SDK's error, or the one its recording fetch saw when the SDK dropped the cause. */
export function recordedTransportError(
  error: unknown,
  recorder: RecordingFetch,
  signal: AbortSignal,
  provider: string,
): EngineError | undefined {
  const recorded = recorder.lastTransportFailure();
  return (
    transportError(error, signal, provider) ??
    (recorded === undefined ? undefined : transportError(recorded, signal, provider))
  );
}

/** Failures below HTTP: an abort, a refused or reset connection, DNS, TLS, a socket timeout. */
export function transportError(error: unknown, signal: AbortSignal, provider: string): EngineError | undefined {
  if (signal.aborted) return abortError(signal, provider);
  if (error instanceof EngineError) return error;
  if (outboundRefusalIn(error)) return refusedError(error, provider);
  const code = errorCodeOf(error);
  if (code === undefined) return undefined;
  const timedOut = timeoutCodes[code];
  if (timedOut) return new EngineError('timeout', `${provider} ${timedOut} (${code})`, { cause: error });
  return new EngineError('network', `Could not reach ${provider} (${code})`, { cause: error });
}

/**
 * A stream that had started and then failed without an HTTP status (a provider's in-band error, a
 * connection dropped mid-body, an unparsable frame): the provider was reached and answered, so it
 * is the provider's failure, treated like a 5xx: retriable.
 */
export function streamBroken(error: unknown, provider: string): EngineError {
  const providerDetail = excerpt(error instanceof Error ? error.message : String(error));
  return new EngineError('provider_error', `${provider} answered with an error: its stream broke off`, {
    cause: error,
    ...(providerDetail ? { providerDetail } : {}),
  });
}

/**
 * A failure once the answer had started streaming: the host was reached and answered, so a dropped
 * or reset connection is its stream breaking off, not "could not reach". Aborts and timeouts stay
 * what they are.
 */
export function midStreamError(error: unknown, signal: AbortSignal, provider: string): EngineError {
  const transport = transportError(error, signal, provider);
  if (transport && transport.category !== 'network') return transport;
  return streamBroken(error, provider);
}

/** Anything else: not retried, shown as is. */
export function unexpectedError(error: unknown, provider: string): EngineError {
  const providerDetail = excerpt(error instanceof Error ? error.message : String(error));
  return new EngineError('unknown', `${provider} call failed`, {
    cause: error,
    ...(providerDetail ? { providerDetail } : {}),
  });
}
