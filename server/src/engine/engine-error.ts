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

  constructor(
    category: ErrorCategory,
    message: string,
    options: { cause?: unknown; retryAfterMs?: number; httpStatus?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.category = category;
    this.retryAfterMs = options.retryAfterMs;
    this.httpStatus = options.httpStatus;
  }
}

export function categoryOf(error: unknown): ErrorCategory {
  return error instanceof EngineError ? error.category : 'unknown';
}
