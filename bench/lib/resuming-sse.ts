import http from 'node:http';

/**
 * An SSE client that behaves like a browser's EventSource: on a dropped connection it reconnects
 * with `Last-Event-ID` after the server's `retry:` hint (capped), moving to the next base URL when a
 * process is gone (what a load balancer does), until the stream sends `end` or answers 204. It keeps
 * every seq it received, in order, so the fault suite can count what was lost or duplicated.
 */
export class ResumingStream {
  readonly seqs: number[] = [];
  reconnects = 0;
  /** When each connection was opened (epoch ms): frames right after one are catch-up, not live. */
  readonly connectTimes: number[] = [];
  /** Times (epoch ms) frames arrived, parallel to `seqs`. */
  readonly times: number[] = [];
  ended = false;
  private lastId = 0;
  private request: http.ClientRequest | undefined;
  private baseIndex = 0;
  private retryMs = 500;
  private stopped = false;
  private resolveDone!: () => void;
  readonly done = new Promise<void>((resolve) => (this.resolveDone = resolve));

  constructor(
    private readonly bases: () => string[],
    private readonly reviewId: number,
    private readonly token: string,
    private readonly agent: http.Agent,
    /** Upper bound of the wait between reconnects, whatever `retry:` says (the suite measures recovery). */
    private readonly maxRetryMs = 500,
    /** Called with each frame's seq as it arrives (the disconnect row drops the line from here). */
    private readonly onFrame?: (seq: number) => void,
  ) {}

  start(): this {
    this.connect();
    return this;
  }

  /** Drops the connection as a flaky network would; the client resumes from its last id. */
  forceDisconnect(): void {
    if (this.request) this.retryLater(this.request, false);
  }

  stop(): void {
    this.stopped = true;
    this.request?.destroy();
    this.resolveDone();
  }

  private connect(): void {
    if (this.stopped || this.ended) return;
    this.connectTimes.push(performance.timeOrigin + performance.now());
    const list = this.bases();
    const base = new URL(list[this.baseIndex % list.length]!);
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'text/event-stream' };
    if (this.lastId > 0) headers['last-event-id'] = String(this.lastId);
    const request = http.get(
      {
        host: base.hostname,
        port: base.port,
        path: `/api/v1/reviews/${this.reviewId}/stream`,
        headers,
        agent: this.agent,
      },
      (response) => {
        if (request !== this.request) return void response.destroy();
        if (response.statusCode === 204) return this.finish();
        if (response.statusCode !== 200) {
          response.resume();
          return this.retryLater(request, false);
        }
        response.setEncoding('utf8');
        let buffer = '';
        let frame: { id?: number; event?: string } = {};
        response.on('data', (chunk: string) => {
          // A connection this client already gave up on must not deliver (it would duplicate).
          if (request !== this.request) return;
          buffer += chunk;
          let newline: number;
          // Per line: a frame handler may have dropped this connection mid-chunk.
          while (request === this.request && (newline = buffer.indexOf('\n')) !== -1) {
            const line = buffer.slice(0, newline);
            buffer = buffer.slice(newline + 1);
            if (line === '') {
              this.dispatch(frame);
              frame = {};
            } else if (line.startsWith('id: ')) frame.id = Number(line.slice(4));
            else if (line.startsWith('event: ')) frame.event = line.slice(7);
            else if (line.startsWith('retry: ')) this.retryMs = Number(line.slice(7));
          }
        });
        response.on('close', () => this.retryLater(request, false));
      },
    );
    request.on('error', () => this.retryLater(request, true));
    this.request = request;
  }

  private dispatch(frame: { id?: number; event?: string }): void {
    if (frame.event === 'end') return this.finish();
    if (frame.id === undefined) return;
    this.seqs.push(frame.id);
    this.times.push(performance.timeOrigin + performance.now());
    this.lastId = frame.id;
    this.onFrame?.(frame.id);
  }

  private finish(): void {
    this.ended = true;
    this.request?.destroy();
    this.resolveDone();
  }

  /** Reconnects once per lost connection: `close` and `error` of the same request both land here. */
  private retryLater(request: http.ClientRequest, connectionFailed: boolean): void {
    if (this.ended || this.stopped || request !== this.request) return;
    this.request = undefined;
    request.destroy();
    // A refused connection means the process is gone: the next one, as a load balancer would.
    if (connectionFailed) this.baseIndex++;
    setTimeout(
      () => {
        this.reconnects++;
        this.connect();
      },
      Math.min(this.retryMs, this.maxRetryMs),
    );
  }
}

/** What a set of streams received against what the store holds: the fault suite's verdict. */
export interface DeliveryCount {
  /** Seqs the store has that a client never received. */
  lost: number;
  /** Frames received more than once by the same client. */
  duplicated: number;
  /** Frames that arrived with a lower seq than one before them. */
  outOfOrder: number;
}

export function countDelivery(streams: { stream: ResumingStream; lastSeq: number }[]): DeliveryCount {
  const total: DeliveryCount = { lost: 0, duplicated: 0, outOfOrder: 0 };
  for (const { stream, lastSeq } of streams) {
    const distinct = new Set(stream.seqs);
    total.duplicated += stream.seqs.length - distinct.size;
    for (let seq = 1; seq <= lastSeq; seq++) if (!distinct.has(seq)) total.lost++;
    for (let i = 1; i < stream.seqs.length; i++) if (stream.seqs[i]! < stream.seqs[i - 1]!) total.outOfOrder++;
  }
  return total;
}
