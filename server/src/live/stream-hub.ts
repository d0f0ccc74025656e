import { HttpError } from '../http/errors.ts';
import type { AuthContext } from '../auth/auth.service.ts';
import type { NotificationRouter } from './event-bus.ts';
import type { ServerResponse } from 'node:http';
import type { Clock } from '../lib/clock.ts';
import { SseWriter } from './sse-writer.ts';

export interface StreamLimits {
  perUser: number;
  perOrg: number;
}

export interface StreamSettings {
  heartbeatMs: number;
  retryMs: number;
  limits: StreamLimits;
  /** An open stream authenticates its listener again this often, and at the token's expiry. */
  sessionRecheckMs: number;
  /** A stream ends cleanly after this long; the client reconnects from its last id. */
  maxLifetimeMs: number;
  /** A stream whose client reads nothing for this long, with frames waiting, is dropped (STREAM_SLOW_CLIENT_MS). */
  slowClientMs: number;
  /** GET /ws: topics one socket may follow at once (WS_MAX_SUBSCRIPTIONS). */
  wsMaxSubscriptions: number;
  /**
   * GET /ws: bytes a socket may hold unsent (WS_MAX_BUFFERED_BYTES). Above it the socket's feeds wait
   * for the client to read; one that reads nothing for `slowClientMs` meanwhile is closed (4008).
   */
  wsMaxBufferedBytes: number;
}

export const defaultStreamSettings: StreamSettings = {
  heartbeatMs: 15_000,
  retryMs: 3_000,
  limits: { perUser: 20, perOrg: 1_000 },
  sessionRecheckMs: 60_000,
  maxLifetimeMs: 60 * 60_000,
  slowClientMs: 30_000,
  wsMaxSubscriptions: 50,
  wsMaxBufferedBytes: 256 * 1024,
};

/**
 * Everything the SSE endpoints of one API process share: the notification router, the clock, the
 * concurrent-stream caps (per process: each API replica enforces its own), and shutdown.
 */
export class StreamHub {
  private readonly perUser = new Map<number, number>();
  private readonly perOrg = new Map<number, number>();
  /** WebSocket topics per org: they count against the same per-org budget as streams. */
  private readonly topicsPerOrg = new Map<number, number>();
  private readonly open = new Set<AbortController>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  private closing = false;
  /** Streams dropped because their client stopped reading (the `sse_slow_clients_dropped_total` metric). */
  slowClientsDropped = 0;

  constructor(
    readonly router: NotificationRouter,
    readonly clock: Clock,
    readonly settings: StreamSettings,
    /** Aborted when the process starts shutting down: every stream ends, and new ones end at once. */
    shutdown?: AbortSignal,
  ) {
    if (shutdown?.aborted) this.closeAll();
    else shutdown?.addEventListener('abort', () => this.closeAll(), { once: true });
  }

  /** Reserves a stream slot for the caller or answers 429; the returned controller ends the stream. */
  acquire(auth: AuthContext): { signal: AbortSignal; release(): void } {
    const users = this.perUser.get(auth.userId) ?? 0;
    const orgs = this.perOrg.get(auth.orgId) ?? 0;
    if (users >= this.settings.limits.perUser || orgs >= this.settings.limits.perOrg) {
      const who = users >= this.settings.limits.perUser ? 'you have' : 'your org has';
      throw new HttpError(
        429,
        'rate_limited',
        `Too many live streams: ${who} the maximum open; close a tab or retry shortly`,
        undefined,
        {
          'retry-after': '10',
        },
      );
    }
    this.perUser.set(auth.userId, users + 1);
    this.perOrg.set(auth.orgId, orgs + 1);
    const controller = new AbortController();
    this.open.add(controller);
    // Opened while the process drains (a load balancer that has not noticed yet): the stream only
    // says when to come back, so the client moves on to a process that stays.
    if (this.closing) controller.abort();
    let released = false;
    return {
      signal: controller.signal,
      release: () => {
        if (released) return;
        released = true;
        this.open.delete(controller);
        decrement(this.perUser, auth.userId);
        decrement(this.perOrg, auth.orgId);
      },
    };
  }

  /**
   * Reserves one WebSocket topic of the caller's org (the per-org stream cap applies to topics as to
   * streams); undefined when the org has its maximum open. The per-socket cap is the socket's.
   */
  acquireTopic(auth: AuthContext): (() => void) | undefined {
    const topics = this.topicsPerOrg.get(auth.orgId) ?? 0;
    if (topics >= this.settings.limits.perOrg) return undefined;
    this.topicsPerOrg.set(auth.orgId, topics + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      decrement(this.topicsPerOrg, auth.orgId);
    };
  }

  /**
   * Streams of one review usually sit at the same cursor: when a notification wakes them all, the
   * first one's query is shared with the rest instead of repeated per viewer.
   */
  shared<T>(key: string, load: () => Promise<T>): Promise<T> {
    const existing = this.inflight.get(key) as Promise<T> | undefined;
    if (existing) return existing;
    const promise = load().finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }

  /** The writer of one stream, with this process's slow-client rule (and its count for /metrics). */
  writerFor(response: ServerResponse): SseWriter {
    return new SseWriter(response, {
      ms: this.settings.slowClientMs,
      clock: this.clock,
      onDrop: () => this.slowClientsDropped++,
    });
  }

  get openStreams(): number {
    return this.open.size;
  }

  /** Ends every open stream, and every later one (server shutdown): clients reconnect elsewhere by cursor. */
  closeAll(): void {
    this.closing = true;
    for (const controller of this.open) controller.abort();
  }

  /**
   * The last words of a stream the server ends: a `retry:` hint spread over [retryMs, 2 × retryMs),
   * so the clients of a process going away do not all arrive at the next one in the same instant,
   * and a comment saying why. EventSource clients reconnect after it with `Last-Event-ID`.
   */
  farewell(): string {
    return `retry: ${this.reconnectDelayMs()}\n: server shutting down; reconnect\n\n`;
  }

  /** When a client of a process going away should come back: in [retryMs, 2 × retryMs). */
  reconnectDelayMs(): number {
    return this.settings.retryMs + Math.floor(Math.random() * this.settings.retryMs);
  }
}

function decrement(map: Map<number, number>, key: number) {
  const next = (map.get(key) ?? 1) - 1;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
}
