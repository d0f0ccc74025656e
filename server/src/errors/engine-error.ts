import type { ErrorCategory } from '@reviewtrace/contracts';

/**
 * Every failure the engine reports carries its category from where it happened (a 401 from the
 * provider is `auth` because the adapter saw a 401), mapped once to tips. Nothing decides
 * behaviour by matching words in messages.
 */
export class EngineError extends Error {
  override name = 'EngineError';
  readonly category: ErrorCategory;
  /** Provider asked us to wait this long (Retry-After), when it said so. */
  readonly retryAfterMs: number | undefined;
  readonly httpStatus: number | undefined;
  /**
   * When the provider's quota resets, from the failure's arrival: the longest of what it said
   * (Retry-After, OpenAI's `x-ratelimit-reset-*`, Gemini's RetryInfo). Said when retries run out.
   */
  readonly quotaResetMs: number | undefined;
  /**
   * What the remote host said in its error body, shortened. Only an owner's connector test shows
   * it (redacted): review logs are read by members, and the host may be anything a URL can name.
   */
  readonly providerDetail: string | undefined;

  constructor(
    category: ErrorCategory,
    message: string,
    options: {
      cause?: unknown;
      retryAfterMs?: number | undefined;
      quotaResetMs?: number | undefined;
      httpStatus?: number | undefined;
      providerDetail?: string;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.category = category;
    this.retryAfterMs = options.retryAfterMs;
    this.quotaResetMs = options.quotaResetMs;
    this.httpStatus = options.httpStatus;
    this.providerDetail = options.providerDetail;
  }
}

export function categoryOf(error: unknown): ErrorCategory {
  return error instanceof EngineError ? error.category : 'unknown';
}
