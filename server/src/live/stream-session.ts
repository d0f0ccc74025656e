import type { FastifyBaseLogger } from 'fastify';
import type { AuthContext } from '../auth/auth.service.ts';
import { HttpError } from '../http/errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { StreamSettings } from './stream-hub.ts';
import type { SessionEnding } from './stream-sink.ts';

/**
 * Authenticates the stream's listener again exactly as a new request to the stream would be (token,
 * membership, role, and whatever the stream reads), throwing the HttpError that request would get.
 */
export type Reauthenticate = () => Promise<AuthContext>;

/** The data of the `event: error` frame that ends a stream whose listener may no longer read it. */
export interface SessionLapsed {
  code: 'unauthorized';
  message: string;
}

/** Answers that mean "this listener may no longer read the stream"; anything else is a failure. */
const lapsedStatuses = new Set([401, 403, 404]);

/**
 * Who is listening, kept honest for as long as a stream is open: authorized once when it opens is not
 * enough for a stream that may run for an hour, past the token's expiry or the user's removal from
 * the org. The stream asks `endIfDue` before every delivery; it re-checks every `sessionRecheckMs` and
 * at the token's `exp`, and ends the stream at `maxLifetimeMs`.
 */
export class StreamSession {
  private listener: AuthContext;
  private nextCheckAt: number;
  private readonly endsAt: number;
  /** The re-check under way: the topics of one WebSocket share it instead of each re-checking. */
  private checking: Promise<SessionLapsed | undefined> | undefined;
  private lapsed: SessionLapsed | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly settings: Pick<StreamSettings, 'sessionRecheckMs' | 'maxLifetimeMs'>,
    opened: AuthContext,
    private readonly reauthenticate: Reauthenticate,
    private readonly log: FastifyBaseLogger,
  ) {
    const now = clock.now();
    this.listener = opened;
    this.endsAt = now + settings.maxLifetimeMs;
    this.nextCheckAt = this.nextCheckAfter(now);
  }

  /** The listener as of the last check: reads use it, so a changed role applies from then on. */
  get auth(): AuthContext {
    return this.listener;
  }

  /** How long the stream may wait before `endIfDue` has something to do. */
  msUntilDue(): number {
    return Math.max(0, Math.min(this.nextCheckAt, this.endsAt) - this.clock.now());
  }

  /**
   * Call before delivering anything. When the stream must end, says its last words and returns true:
   * `lapsed` (SSE: `event: error` without an id, so the client's cursor stays put) when the session
   * lapsed — the client stops and says why; `expired` at the maximum lifetime — the client
   * reconnects from its last id.
   */
  async endIfDue(ending: SessionEnding): Promise<boolean> {
    const now = this.clock.now();
    if (!this.lapsed && now >= this.nextCheckAt) {
      this.checking ??= this.recheck(now).finally(() => (this.checking = undefined));
      this.lapsed = await this.checking;
    }
    if (this.lapsed) {
      await ending.lapsed(this.lapsed);
      return true;
    }
    if (this.clock.now() >= this.endsAt) {
      await ending.expired();
      return true;
    }
    return false;
  }

  private async recheck(now: number): Promise<SessionLapsed | undefined> {
    try {
      this.listener = await this.reauthenticate();
      this.nextCheckAt = this.nextCheckAfter(now);
      return undefined;
    } catch (error) {
      if (!(error instanceof HttpError) || !lapsedStatuses.has(error.statusCode)) throw error;
      this.log.info({ reason: error.message }, 'stream ended: its listener may no longer read it');
      return { code: 'unauthorized', message: this.lapseMessage(error, now) };
    }
  }

  private lapseMessage(error: HttpError, now: number): string {
    const expiresAt = this.listener.expiresAt;
    if (expiresAt !== undefined && now >= expiresAt) return 'Your session has expired; sign in again';
    if (error.statusCode === 401) return 'Your session is no longer valid; sign in again';
    return 'You no longer have access to this stream';
  }

  /** Every interval, and exactly at the token's expiry when that comes first. */
  private nextCheckAfter(now: number): number {
    return Math.min(now + this.settings.sessionRecheckMs, this.listener.expiresAt ?? Infinity);
  }
}
