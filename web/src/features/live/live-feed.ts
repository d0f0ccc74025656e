import { ApiError } from '../../lib/http.ts';
import { initialConnection, nextConnection, type ConnectionSignal, type ConnectionState } from './connection.ts';
import { browserEnv, type LiveFeedEnv, type TimerHandle } from './feed-env.ts';
import { defaultTiming, type LiveFeedTiming } from './feed-timing.ts';
import { ladder, type StreamTransport } from './ladder.ts';
import { readSse, sessionLapse, type SseFrame } from './sse.ts';
import { isUnreachable, socketClosedReason, streamFailureReason } from './stream-failures.ts';
import type { TransportChoice } from './transport-setting.ts';
import { WsCloseCode, retryHint, wsErrorAction } from './ws-frames.ts';

/** What a live feed reads: the review's event stream, or the reviews list stream. */
export interface LiveFeedSource {
  /** Built at each (re)connect, so it carries the latest cursor. */
  streamUrl(): string;
  /** The same frames' topic on the tab's WebSocket (`review:123`, `reviews`). */
  wsTopic(): string;
  /** Read at each (re)subscribe: the last seq applied, so the server resumes after it. */
  wsAfter?(): number | undefined;
  /** Applies one frame. Calls are serialized, so a gap fill finishes before the next frame. */
  applyFrame(frame: SseFrame): Promise<'continue' | 'end'>;
  /** One polling round. */
  poll(): Promise<'continue' | 'end'>;
  /** After the stream (re)opens: catch up whatever changed while it was down. */
  resync?(): Promise<void>;
}

export interface LiveFeedOptions {
  /** The header menu's setting: climb the ladder (`auto`) or use one rung. */
  choice?: TransportChoice;
  timing?: LiveFeedTiming;
  env?: LiveFeedEnv;
}

/**
 * One live connection with its fallbacks (ui.md, "Live transport in the browser", and the ladder in
 * ladder.ts): SSE first; a stream that stays silent or shows buffering → a subscription on the tab's
 * WebSocket; a socket that cannot open either → poll every 5 s and climb again later with backoff;
 * a dropped stream or socket → reconnect with backoff (polling meanwhile after the second failure),
 * resuming after the last seq applied; `end` or 204 → stop; 401/403/404, an `error` frame (the
 * session lapsed) or a fatal WebSocket error → stop and say why. Polling pauses while the tab is hidden.
 *
 * The verdict "a proxy buffers the stream" is reached on the injected clock: the watchdog timers
 * (`firstByteMs`, 2.5 × `heartbeatMs`) and the monotonic time from opening to the `: connected`
 * comment (`lateConnectMs`). A socket that has not opened within `firstByteMs` counts as refused.
 */
export class LiveFeed {
  private state: ConnectionState = initialConnection;
  private stream: AbortController | undefined;
  /** The current WebSocket subscription: its identity (handlers of an older one are ignored) and its end. */
  private wsAttempt: object | undefined;
  private unsubscribe: (() => void) | undefined;
  /** A socket opened for this feed once: a later one that cannot open means the server is away, not the proxy. */
  private wsProven = false;
  /** Why SSE was given up on, for the tooltip if WebSocket fails too. */
  private sseVerdict: string | undefined;
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

  private readonly choice: TransportChoice;
  private readonly timing: LiveFeedTiming;
  private readonly env: LiveFeedEnv;

  constructor(
    private readonly source: LiveFeedSource,
    private readonly onState: (state: ConnectionState) => void,
    options: LiveFeedOptions = {},
  ) {
    this.choice = options.choice ?? 'auto';
    this.timing = options.timing ?? defaultTiming;
    this.env = options.env ?? browserEnv;
  }

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
    this.closeStream();
    this.stopPolling();
    this.clock.clearTimeout(this.retryTimer);
    this.unwatchPage?.();
  }

  /** (Re)connects on a rung of the ladder: by default where the setting and the tab's memory say to start. */
  private connect(rung: StreamTransport | null = ladder.start(this.choice, this.env.ladder)): void {
    if (this.stopped) return;
    this.clock.clearTimeout(this.retryTimer);
    this.closeStream();
    if (rung === 'websocket') return this.connectWs();
    if (rung === 'sse') return this.connectSse();
    // Polling chosen in the header menu: no stream, no probes.
    this.signal({ type: 'polling-started', reason: 'Polling was chosen in the header menu.' });
    this.startPolling();
  }

  /** Whatever stream is open (SSE request, WebSocket subscription) is closed, and its watchdog with it. */
  private closeStream() {
    this.stream?.abort();
    this.wsAttempt = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.clock.clearTimeout(this.watchdog);
  }

  private connectSse(): void {
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
      this.goLive('sse', onProbation);
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
          if (onProbation && comments === 2) this.sseTrusted();
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

  /**
   * A subscription on the tab's shared socket. Opening proves the path passes WebSockets (there is
   * no buffering to suspect on a socket), so it goes live at once; every message is a frame for the
   * source, which drops what it already has (a resubscribe after a drop overlaps by design).
   */
  private connectWs(): void {
    const attempt = {};
    this.wsAttempt = attempt;
    const current = () => attempt === this.wsAttempt;
    const provenBefore = this.wsProven;
    let opened = false;
    let endSeen = false;
    const unsubscribe = this.env.socket.subscribe(this.source.wsTopic(), () => this.source.wsAfter?.(), {
      open: () => {
        if (!current()) return;
        opened = true;
        this.wsProven = true;
        this.clock.clearTimeout(this.watchdog);
        this.goLive('websocket', false);
      },
      message: (message) => {
        if (!current()) return;
        if (message.kind === 'error') {
          const action = wsErrorAction(message.code);
          if (action === 'fatal') return this.giveUp(message.message);
          if (action === 'retry') return this.streamLost(message.message, false);
          return this.streamUnusable(message.message, 'websocket');
        }
        if (message.kind === 'end') endSeen = true;
        this.touch();
        this.enqueue(() => this.source.applyFrame(message.frame));
      },
      closed: (info) => {
        if (!current() || endSeen) return;
        this.unsubscribe = undefined;
        if (!opened && !provenBefore) return this.streamUnusable(this.wsRefusedReason(), 'websocket');
        if (info.code === WsCloseCode.unauthorized) return this.giveUp('Your session has ended; sign in again.');
        // A server going away says when to come back; one that ends an old socket wants us back at once.
        const retryIn = info.code === WsCloseCode.maxLifetime ? 0 : retryHint(info.reason);
        this.streamLost(socketClosedReason(info), !info.opened, retryIn);
      },
    });
    // Handlers may have run already (the socket was open, or closed at once): keep only a live subscription.
    if (current()) this.unsubscribe = unsubscribe;
    else unsubscribe();
    if (!current() || opened) return;
    this.watchdog = this.clock.setTimeout(() => {
      if (!current() || opened) return;
      if (provenBefore) return this.streamLost('The WebSocket did not open in time.', true);
      this.streamUnusable(this.wsRefusedReason(), 'websocket');
    }, this.timing.firstByteMs);
  }

  private whyThisTransport(transport: StreamTransport): string | undefined {
    if (transport === 'sse') return undefined;
    if (this.choice === 'websocket') return 'WebSocket was chosen in the header menu.';
    return 'A proxy on this network buffers Server-Sent Events; updates come over the WebSocket instead.';
  }

  private wsRefusedReason(): string {
    const refused = 'The WebSocket could not open (a proxy may not pass it); polling instead.';
    return this.sseVerdict ? `${this.sseVerdict} ${refused}` : refused;
  }

  private goLive(transport: StreamTransport, onProbation: boolean) {
    this.failures = 0;
    if (!onProbation && transport === 'sse') this.sseTrusted();
    else if (!onProbation) this.trusted();
    this.signal({ type: 'stream-flowing', transport, reason: this.whyThisTransport(transport) });
    if (this.source.resync) this.enqueue(() => this.source.resync!().then(() => 'continue' as const));
  }

  /** The stream has proven itself: polling stops and the probe backoff starts over. */
  private trusted() {
    this.probes = 0;
    this.stopPolling();
  }

  /** SSE flows through this path after all: the tab's next feeds start on it again. */
  private sseTrusted() {
    this.trusted();
    this.env.ladder.sseBuffered = false;
    this.sseVerdict = undefined;
  }

  /** The SSE stream shows a buffering proxy (or the server refused another one). */
  private suspectBuffering(reason: string) {
    this.streamUnusable(reason, 'sse');
  }

  /**
   * `failed` is not usable through this network path: step down the ladder, which ends in polling
   * (probing from the top again later, with backoff).
   */
  private streamUnusable(reason: string, failed: StreamTransport) {
    this.closeStream();
    if (failed === 'sse') {
      this.env.ladder.sseBuffered = true;
      this.sseVerdict = reason;
    }
    const below = ladder.below(this.choice, failed);
    if (below) return this.connect(below);
    this.signal({ type: 'stream-buffered', reason });
    this.startPolling();
    const wait = Math.min(this.timing.probeBaseMs * 2 ** this.probes, this.timing.probeMaxMs);
    this.probes += 1;
    this.retryTimer = this.clock.setTimeout(() => this.connect(ladder.probe(this.choice)), wait);
  }

  /** `retryInMs`: when the server said when to come back; else the backoff decides. */
  private streamLost(reason: string, unreachable: boolean, retryInMs?: number) {
    this.closeStream();
    this.failures += 1;
    if (!this.env.page.online()) this.signal({ type: 'browser-offline' });
    else this.signal({ type: 'stream-lost', reason, unreachable });
    if (this.failures >= 2) {
      this.signal({ type: 'polling-started', reason });
      this.startPolling();
    }
    const backoff = Math.min(this.timing.reconnectBaseMs * 2 ** (this.failures - 1), this.timing.reconnectMaxMs);
    const wait = retryInMs ?? backoff * (0.8 + Math.random() * 0.4);
    this.retryTimer = this.clock.setTimeout(() => this.connect(), wait);
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
    this.closeStream();
    this.stopPolling();
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
