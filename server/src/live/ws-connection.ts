import type { FastifyBaseLogger } from 'fastify';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { ReviewListQuerySchema } from '@reviewtrace/contracts';
import type { AuthContext, Credentials } from '../auth/auth.service.ts';
import { HttpError } from '../http/errors.ts';
import type { RateLimits } from '../http/rate-limits.ts';
import { followFeed, type LiveFeed } from './live-feed.ts';
import { listFeed, type ListStreamDeps } from './list-stream.ts';
import { reviewFeed, type ReviewStreamDeps } from './review-stream.ts';
import type { StreamHub } from './stream-hub.ts';
import { StreamSession, type SessionLapsed } from './stream-session.ts';
import type { SessionEnding } from './stream-sink.ts';
import { parseClientOp, WsClose, type Topic } from './ws-protocol.ts';
import { WsTopicSink, WsWriter } from './ws-sink.ts';

export type LiveSocketDeps = ReviewStreamDeps & ListStreamDeps & { limits: RateLimits };

/** One subscribed topic: its feed's loop stops when `stop` aborts. */
interface Subscription {
  sink: WsTopicSink;
  stop: AbortController;
  feed?: LiveFeed;
}

/** Client messages waiting to be handled before the server stops reading the socket (TCP backpressure). */
const MAX_PENDING_OPS = 16;
const OPS_WINDOW_MS = 60_000;
/** Answers that mean "this listener may not read that topic": an error frame, not a broken socket. */
const deniedStatuses = new Set([403, 404]);

/**
 * One open GET /ws socket, after the upgrade was authorized: its session (re-checked like an SSE
 * stream's), its topics (each a LiveFeed followed by the same loop SSE uses), ws ping/pong, and the
 * close codes of ws-protocol.ts. `slotSignal` aborts when the server shuts down.
 */
export class LiveSocket implements SessionEnding {
  private readonly topics = new Map<string, Subscription>();
  private readonly session: StreamSession;
  private readonly writer: WsWriter;
  private readonly closed = new AbortController();
  private pending = 0;
  private queue: Promise<void> = Promise.resolve();
  private opsWindow = { startedAt: 0, count: 0 };
  private pongSeen = true;
  /** The session's last words are being said: later callers say nothing. */
  private ending = false;

  constructor(
    private readonly deps: LiveSocketDeps,
    private readonly ws: WebSocket,
    raw: Duplex,
    credentials: Credentials,
    opened: AuthContext,
    private readonly log: FastifyBaseLogger,
  ) {
    const { hub } = deps;
    this.writer = new WsWriter(ws, raw, hub, () => {
      hub.slowClientsDropped++;
      log.info('websocket closed: the client read nothing for STREAM_SLOW_CLIENT_MS (4008)');
    });
    this.session = new StreamSession(hub.clock, hub.settings, opened, () => this.reauthenticate(credentials), log);
  }

  private get hub(): StreamHub {
    return this.deps.hub;
  }

  /** Runs until the socket closes; `shutdown` aborts when the server goes away. */
  async run(shutdown: AbortSignal): Promise<void> {
    const onShutdown = () => this.closeWith(WsClose.serviceRestart, `retry=${this.hub.reconnectDelayMs()}`);
    if (shutdown.aborted) onShutdown();
    shutdown.addEventListener('abort', onShutdown, { once: true });
    this.ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    this.ws.on('pong', () => (this.pongSeen = true));
    const gone = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    void this.keepAlive();
    void this.watchSession();
    await gone;
    this.closed.abort();
    shutdown.removeEventListener('abort', onShutdown);
    for (const subscription of this.topics.values()) subscription.stop.abort();
  }

  // The session's last words (StreamSession.endIfDue): idempotent, several topics may say them.
  async lapsed(data: SessionLapsed): Promise<void> {
    if (this.writer.closed || this.ending) return;
    this.ending = true;
    await this.writer.send([JSON.stringify({ op: 'error', ...data })]);
    this.closeWith(WsClose.unauthorized, 'session lapsed: sign in again');
  }

  async expired(): Promise<void> {
    this.closeWith(WsClose.maxLifetime, 'maximum lifetime reached: reconnect and resume with after');
  }

  private closeWith(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)
      this.ws.close(code, reason);
  }

  /** A ping every heartbeat; a peer that did not answer the previous one is gone (no close frame). */
  private async keepAlive(): Promise<void> {
    const { clock, settings } = this.hub;
    for (;;) {
      await clock.sleep(settings.heartbeatMs, this.closed.signal);
      if (this.closed.signal.aborted) return;
      if (!this.pongSeen) {
        this.log.info('websocket dropped: no pong within the heartbeat interval');
        this.ws.terminate();
        return;
      }
      this.pongSeen = false;
      this.ws.ping();
    }
  }

  /** Re-checks and the maximum lifetime also apply to a socket that follows nothing right now. */
  private async watchSession(): Promise<void> {
    while (!this.closed.signal.aborted) {
      await this.hub.clock.sleep(Math.max(1, this.session.msUntilDue()), this.closed.signal);
      if (this.closed.signal.aborted) return;
      try {
        if (await this.session.endIfDue(this)) return;
      } catch (error) {
        this.log.warn({ err: error }, 'websocket session re-check failed');
        this.ws.terminate();
        return;
      }
    }
  }

  /**
   * As a new upgrade would: the credentials again; then each topic still readable, else that topic
   * alone ends with an error frame.
   */
  private async reauthenticate(credentials: Credentials): Promise<AuthContext> {
    const listener = await this.deps.auth.authenticate(credentials);
    for (const [name, subscription] of this.topics) {
      try {
        await subscription.feed?.stillAllowed(listener);
      } catch (error) {
        if (!(error instanceof HttpError) || !deniedStatuses.has(error.statusCode)) throw error;
        this.drop(name);
        await this.error('not_found', 'You no longer have access to this topic', name);
      }
    }
    return listener;
  }

  private receive(data: WebSocket.RawData, isBinary: boolean): void {
    const text = isBinary ? undefined : rawText(data);
    this.pending++;
    if (this.pending >= MAX_PENDING_OPS) this.ws.pause();
    this.queue = this.queue
      .then(() => this.handle(text))
      .catch((error: unknown) => this.log.warn({ err: error }, 'websocket message failed'))
      .finally(() => {
        this.pending--;
        if (this.pending < MAX_PENDING_OPS && this.ws.isPaused) this.ws.resume();
      });
  }

  private async handle(text: string | undefined): Promise<void> {
    if (this.writer.closed) return;
    if (!this.withinOpsBudget()) {
      return this.error('rate_limited', `At most ${this.deps.limits.streams} messages a minute; slow down`);
    }
    const op =
      text === undefined ? { op: 'invalid' as const, message: 'Messages must be JSON text' } : parseClientOp(text);
    if (op.op === 'invalid') return this.error('bad_request', op.message, op.topic);
    if (op.op === 'unsubscribe') {
      this.drop(op.topic.name);
      return this.writer.send([JSON.stringify({ op: 'unsubscribed', topic: op.topic.name })]);
    }
    await this.subscribe(op.topic, op.after);
  }

  /** RATE_LIMIT_STREAMS applies to ops as to opening streams: each subscribe may cost a catch-up. */
  private withinOpsBudget(): boolean {
    const now = this.hub.clock.now();
    if (now - this.opsWindow.startedAt >= OPS_WINDOW_MS) this.opsWindow = { startedAt: now, count: 0 };
    this.opsWindow.count++;
    return this.opsWindow.count <= this.deps.limits.streams;
  }

  private async subscribe(topic: Topic, after: number): Promise<void> {
    this.drop(topic.name); // subscribing again restarts the topic from the new `after`
    if (this.topics.size >= this.hub.settings.wsMaxSubscriptions) {
      const max = this.hub.settings.wsMaxSubscriptions;
      return this.error('rate_limited', `At most ${max} topics per socket; unsubscribe from one first`, topic.name);
    }
    const release = this.hub.acquireTopic(this.session.auth);
    if (!release) {
      return this.error('rate_limited', 'Your org has the maximum of live streams open; retry shortly', topic.name);
    }
    const subscription: Subscription = {
      sink: new WsTopicSink(topic.name, this.writer),
      stop: new AbortController(),
    };
    this.topics.set(topic.name, subscription);
    try {
      subscription.feed = await this.feedFor(topic, after);
    } catch (error) {
      this.forget(topic.name, subscription);
      release();
      if (!(error instanceof HttpError) || !deniedStatuses.has(error.statusCode)) throw error;
      // Another org's review and an unknown id look the same, as on every endpoint.
      return this.error('not_found', 'No such review', topic.name);
    }
    // The ack is queued before the feed starts listening: it precedes the topic's first frame, and
    // a change made once the client has it is seen (by the notification or the catch-up).
    const acked = this.writer.send([JSON.stringify({ op: 'subscribed', topic: topic.name })]);
    void this.follow(topic.name, subscription, subscription.feed).finally(release);
    await acked;
  }

  private async feedFor(topic: Topic, after: number): Promise<LiveFeed> {
    if (topic.kind === 'reviews') return listFeed(this.deps, this.session.auth, ReviewListQuerySchema.parse({}));
    const review = await this.deps.events.readableReview(this.session.auth, topic.reviewId);
    return reviewFeed(this.deps, review, after);
  }

  private async follow(name: string, subscription: Subscription, feed: LiveFeed): Promise<void> {
    const stop = AbortSignal.any([subscription.stop.signal, this.closed.signal]);
    try {
      await followFeed(feed, this.hub, this.session, subscription.sink, this, stop);
    } catch (error) {
      // The topic alone ends; the client may subscribe again with its last seq.
      this.log.warn({ err: error, ...feed.failure.fields, topic: name }, feed.failure.message);
      if (this.topics.get(name) === subscription)
        await this.error('internal', 'This topic ended by an error; subscribe again', name);
    } finally {
      this.forget(name, subscription);
    }
  }

  private drop(name: string): void {
    const subscription = this.topics.get(name);
    if (!subscription) return;
    subscription.sink.drop();
    subscription.stop.abort();
    this.topics.delete(name);
  }

  private forget(name: string, subscription: Subscription): void {
    if (this.topics.get(name) === subscription) this.topics.delete(name);
  }

  private error(code: string, message: string, topic?: string): Promise<void> {
    return this.writer.send([
      JSON.stringify({ op: 'error', ...(topic === undefined ? {} : { topic }), code, message }),
    ]);
  }
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
