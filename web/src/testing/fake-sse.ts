import { Watched } from './watch.ts';

/**
 * The network edge of a LiveFeed: a `fetch` that hands each stream the feed opens to the test, which
 * answers it (`open`, `refuse`) and writes SSE text into it. What the feed makes of the bytes goes
 * through the real parser (readSse).
 */
export class FakeSseServer {
  readonly connections = new Watched<SseConnection>();

  fetch: typeof fetch = (input, init) => {
    const connection = new SseConnection(String(input), init?.signal ?? undefined);
    this.connections.push(connection);
    return connection.response;
  };

  /** The nth stream the feed opened (from 0), once it has opened it. */
  async connection(n: number): Promise<SseConnection> {
    await this.connections.until((all) => all.length > n);
    return this.connections.items[n]!;
  }
}

export class SseConnection {
  readonly response: Promise<Response>;
  aborted = false;
  private answer!: (response: Response) => void;
  private fail!: (error: unknown) => void;
  private body: ReadableStreamDefaultController<Uint8Array> | undefined;
  private finished = false;

  constructor(
    readonly url: string,
    signal: AbortSignal | undefined,
  ) {
    this.response = new Promise<Response>((resolve, reject) => {
      this.answer = resolve;
      this.fail = reject;
    });
    // As a browser does: an abort fails the pending request, or the body being read.
    signal?.addEventListener('abort', () => {
      this.aborted = true;
      const error = new DOMException('The operation was aborted.', 'AbortError');
      this.fail(error);
      if (this.body && !this.finished) {
        this.finished = true;
        this.body.error(error);
      }
    });
  }

  /** 200 and an open body, no bytes yet: what a buffering proxy shows until it flushes. */
  open(): this {
    const body = new ReadableStream<Uint8Array>({ start: (controller) => (this.body = controller) });
    this.answer(new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }));
    return this;
  }

  /** An error status with the API's error envelope (or a bare 204). */
  refuse(status: number, message = 'refused'): void {
    const body = status === 204 ? null : JSON.stringify({ error: { code: 'refused', message } });
    this.answer(new Response(body, { status }));
  }

  send(text: string): void {
    this.body!.enqueue(new TextEncoder().encode(text));
  }

  comment(text: string): void {
    this.send(`: ${text}\n\n`);
  }

  frame(event: string, data: unknown, id?: number): void {
    this.send(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  close(): void {
    this.finished = true;
    this.body!.close();
  }
}
