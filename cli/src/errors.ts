/**
 * A failure the user reads as one line on stderr (`reviewtrace: <message>`), and the code the
 * process exits with. Every expected failure (bad token, unknown review, server down) is one of
 * these, so `main.ts` never prints a stack trace for them.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The server could not be reached at all (refused, reset, DNS): `watch` waits and tries again. */
export class NetworkError extends CliError {
  override readonly name = 'NetworkError';
}

/** The server answered with its error envelope (api.md, "Errors"). */
export class ApiFailure extends CliError {
  override readonly name = 'ApiFailure';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }

  /** Worth asking again later: the server is busy, starting or stopping. */
  get transient(): boolean {
    return this.status === 429 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}
