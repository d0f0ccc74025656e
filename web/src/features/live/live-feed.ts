import { ApiError } from '../../lib/http.ts';
import {
  POLL_INTERVAL_MS,
  initialConnection,
  nextConnection,
  type ConnectionSignal,
  type ConnectionState,
} from './connection.ts';
import { browserEnv, type LiveFeedEnv, type TimerHandle } from './feed-env.ts';
import { readSse, sessionLapse, type SseFrame } from './sse.ts';

/** What a live feed reads: the review's event stream, or the reviews list stream. */
export interface LiveFeedSource {
  /** Built at each (re)connect, so it carries the latest cursor. */
  streamUrl(): string;
  /** Applies one frame. Calls are serialized, so a gap fill finishes before the next frame. */
  applyFrame(frame: SseFrame): Promise<'continue' | 'end'>;
  /** One polling round. */
  poll(): Promise<'continue' | 'end'>;
  /** After the stream (re)opens: catch up whatever changed while it was down. */
  resync?(): Promise<void>;
}

export interface LiveFeedTiming {
  /** Nothing at all (not even the `: connected` comment) within this → a proxy buffers the stream. */
  firstByteMs: number;
  /** The server sends `: connected` at once; arriving later than this means it sat in a buffer. */
  lateConnectMs: number;
  /** The server's heartbeat interval; 2.5× of silence means the stream is stuck. */
  heartbeatMs: number;
  pollMs: number;
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  /** Backoff before trying SSE again after it was found buffered. */
  probeBaseMs: number;
  probeMaxMs: number;
}

export const defaultTiming: LiveFeedTiming = {
  firstByteMs: 5000,
  lateConnectMs: 2500,
  heartbeatMs: 15_000,
  pollMs: POLL_INTERVAL_MS,
  reconnectBaseMs: 1000,
  reconnectMaxMs: 30_000,
  probeBaseMs: 30_000,
  probeMaxMs: 300_000,
};

/**
 * One live connection with its fallbacks (ui.md, "Live transport in the browser"): SSE first; a
 * stream that stays silent or shows buffering → poll every 5 s and probe SSE again with backoff;
 * a dropped stream → reconnect with backoff (polling meanwhile after the second failure); `end` or
 * 204 → stop; 401/403/404 or an `error` frame (the session lapsed) → stop and say why. Polling
 * pauses while the tab is hidden.
 *
 * The verdict "a proxy buffers the stream" is reached on the injected clock: the watchdog timers
 * (`firstByteMs`, 2.5 × `heartbeatMs`) and the monotonic time from opening to the `: connected`
 * comment (`lateConnectMs`).
 */
export class LiveFeed {
  private state: ConnectionState = initialConnection;
  private stream: AbortController | undefined;
  private watchdog: TimerHandle;
  private retryTimer: TimerHandle;
  private pollTimer: TimerHandle;
  private unwatchPage: (() => void) | undefined;
  private polling = false;
  private pollInFlight = false;
  private failures = 0;
  private probes = 0;
  private stopped = false;
  private queue: Promise<unknown> = Promise.resolve();
  private lastEmit = 0;

  constructor(
    private readonly source: LiveFeedSource,
    private readonly onState: (state: ConnectionState) => void,
    private readonly timing: LiveFeedTiming = defaultTiming,
    private readonly env: LiveFeedEnv = browserEnv,
  ) {}

  private get clock() {
    return this.env.clock;
  }

  start(): void {
    this.unwatchPage = this.env.page.watch({
      visibility: this.onVisibility,
      online: this.onOnline,
      offline: this.onOffline,
    });
    this.emit(true);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.stream?.abort();
    this.stopPolling();
    this.clock.clearTimeout(this.watchdog);
    this.clock.clearTimeout(this.retryTimer);
    this.unwatchPage?.();
  }

  private connect(): void {
    if (this.stopped) return;
    this.clock.clearTimeout(this.retryTimer);
    this.stream?.abort();
    const controller = new AbortController();
    this.stream = controller;
    const openedAt = this.clock.monotonic();
    let flowing = false;
    // The server closes right after `end`; that close must not read as a dropped stream.
    let endSeen = false;
    // After a buffering verdict, a timely first chunk is not proof: some proxies pass the first one
    // and buffer the rest. Polling goes on until a heartbeat arrives on its own.
    const onProbation = this.probes > 0;
    let comments = 0;
    const proveFlowing = (comment?: string) => {
      if (flowing) return true;
      flowing = true;
      const late = this.clock.monotonic() - openedAt > this.timing.lateConnectMs;
      if (late && comment?.startsWith('connected')) {
        this.suspectBuffering('The stream’s first bytes arrived late: a proxy is buffering it.');
        return false;
      }
      this.goLive(onProbation);
      return true;
    };
    this.armWatchdog(
      controller,
      this.timing.firstByteMs,
      'No data arrived within 5 s of opening the stream: a proxy may be buffering it.',
    );

    readSse(
      this.source.streamUrl(),
      {
        onOpen: () => {},
        onComment: (comment) => {
          if (!proveFlowing(comment.trim())) return;
          comments += 1;
          if (onProbation && comments === 2) this.trusted();
          this.touch();
          this.armWatchdog(controller, this.timing.heartbeatMs * 2.5, 'Heartbeats stopped arriving.');
        },
        onFrame: (frame) => {
          // The session lapsed mid-stream: a reconnect cannot help, so stop here and say why.
          const lapse = sessionLapse(frame);
          if (lapse !== undefined) return this.giveUp(lapse);
          if (frame.event === 'end') endSeen = true;
          if (!proveFlowing()) return;
          this.touch();
          this.armWatchdog(controller, this.timing.heartbeatMs * 2.5, 'Heartbeats stopped arriving.');
          this.enqueue(() => this.source.applyFrame(frame));
        },
      },
      controller.signal,
      this.env.fetch,
    ).then(
      (result) => {
        if (controller !== this.stream || controller.signal.aborted || endSeen) return;
        if (result === 'no-content') return this.end();
        this.streamLost('The server closed the stream.', false);
      },
      (error: unknown) => {
        if (controller.signal.aborted || this.stopped) return;
        if (error instanceof ApiError && [401, 403, 404].includes(error.status)) return this.giveUp(error.message);
        if (error instanceof ApiError && error.status === 429) {
          return this.suspectBuffering('Too many live streams are open for your account; polling instead.');
        }
        this.streamLost(streamFailureReason(error), isUnreachable(error));
      },
    );
  }

  private armWatchdog(controller: AbortController, ms: number, reason: string) {
    this.clock.clearTimeout(this.watchdog);
    this.watchdog = this.clock.setTimeout(() => {
      if (controller === this.stream && !controller.signal.aborted) this.suspectBuffering(reason);
    }, ms);
  }

  private goLive(onProbation: boolean) {
    this.failures = 0;
    if (!onProbation) this.trusted();
    this.signal({ type: 'stream-flowing' });
    if (this.source.resync) this.enqueue(() => this.source.resync!().then(() => 'continue' as const));
  }

  /** The stream has proven itself: polling stops and the probe backoff starts over. */
  private trusted() {
    this.probes = 0;
    this.stopPolling();
  }

  /** The stream is not usable through this network path: poll, and probe SSE again later. */
  private suspectBuffering(reason: string) {
    this.stream?.abort();
    this.clock.clearTimeout(this.watchdog);
    this.signal({ type: 'stream-buffered', reason });
    this.startPolling();
    const wait = Math.min(this.timing.probeBaseMs * 2 ** this.probes, this.timing.probeMaxMs);
    this.probes += 1;
    this.retryTimer = this.clock.setTimeout(() => this.connect(), wait);
  }

  private streamLost(reason: string, unreachable: boolean) {
    this.stream?.abort();
    this.clock.clearTimeout(this.watchdog);
    this.failures += 1;
    if (!this.env.page.online()) this.signal({ type: 'browser-offline' });
    else this.signal({ type: 'stream-lost', reason, unreachable });
    if (this.failures >= 2) {
      this.signal({ type: 'polling-started', reason });
      this.startPolling();
    }
    const backoff = Math.min(this.timing.reconnectBaseMs * 2 ** (this.failures - 1), this.timing.reconnectMaxMs);
    this.retryTimer = this.clock.setTimeout(() => this.connect(), backoff * (0.8 + Math.random() * 0.4));
  }

  private startPolling() {
    if (this.polling) return;
    this.polling = true;
    this.pollSoon(0);
  }

  private stopPolling() {
    this.polling = false;
    this.clock.clearTimeout(this.pollTimer);
  }

  private pollSoon(ms: number) {
    this.clock.clearTimeout(this.pollTimer);
    this.pollTimer = this.clock.setTimeout(() => void this.pollOnce(), ms);
  }

  private async pollOnce() {
    if (!this.polling || this.stopped || this.pollInFlight) return;
    if (this.env.page.hidden()) return; // resumed by onVisibility
    this.pollInFlight = true;
    try {
      const result = await this.enqueue(() => this.source.poll());
      if (result === 'end') return this.end();
      const wasOffline = this.state.mode === 'offline';
      this.signal({ type: 'poll-succeeded', at: this.clock.now() });
      // The server answers again: try the stream now rather than at the end of a long backoff.
      if (wasOffline && this.failures > 0) this.connect();
    } catch (error) {
      if (!this.polling) return;
      if (error instanceof ApiError && [401, 403, 404].includes(error.status)) return this.giveUp(error.message);
      if (!this.env.page.online()) this.signal({ type: 'browser-offline' });
      else this.signal({ type: 'poll-failed', reason: streamFailureReason(error), unreachable: isUnreachable(error) });
    } finally {
      this.pollInFlight = false;
    }
    if (this.polling) this.pollSoon(this.timing.pollMs);
  }

  private end() {
    this.signal({ type: 'ended' });
    this.stopped = true;
    this.stream?.abort();
    this.stopPolling();
    this.clock.clearTimeout(this.watchdog);
    this.clock.clearTimeout(this.retryTimer);
  }

  /** 401/403/404: retrying cannot help; say why on screen. */
  private giveUp(reason: string) {
    this.signal({ type: 'fatal', reason });
    this.end();
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.then(
      (result) => {
        if (result === 'end') this.end();
      },
      () => {},
    );
    return next;
  }

  private touch() {
    this.state = nextConnection(this.state, { type: 'data', at: this.clock.now() });
    this.emit(false);
  }

  /** Every change of what the badge says goes through the one transition function. */
  private signal(signal: ConnectionSignal) {
    const next = nextConnection(this.state, signal);
    if (next === this.state) return;
    const modeChanged = next.mode !== this.state.mode || next.reason !== this.state.reason;
    this.state = next;
    this.emit(modeChanged);
  }

  /** Mode changes go out at once; "last update" ticks at most once a second (500 frames/s must not re-render 500×). */
  private emit(force: boolean) {
    const now = this.clock.now();
    if (!force && now - this.lastEmit < 1000) return;
    this.lastEmit = now;
    this.onState(this.state);
  }

  private readonly onVisibility = () => {
    if (!this.env.page.hidden() && this.polling) this.pollSoon(0);
  };

  private readonly onOnline = () => {
    if (this.stopped || this.state.mode === 'live') return;
    this.connect();
  };

  private readonly onOffline = () => {
    if (!this.stopped) this.signal({ type: 'browser-offline' });
  };
}

/**
 * No answer from the server at all: the network failed (fetch rejects, `ApiError` 0) or a proxy in
 * front of it says the server is down (502/503/504). Anything else means the server is there.
 */
function isUnreachable(error: unknown): boolean {
  if (error instanceof ApiError) return error.status === 0 || [502, 503, 504].includes(error.status);
  return error instanceof TypeError;
}

function streamFailureReason(error: unknown): string {
  if (isUnreachable(error)) return 'The server could not be reached.';
  return error instanceof Error ? error.message : 'The stream failed.';
}
