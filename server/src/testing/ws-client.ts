import WebSocket from 'ws';

/** A server message of GET /ws, parsed. */
export type WsMessage = Record<string, unknown> & { op?: string; topic?: string; seq?: number };

export interface WsConnection {
  ws: WebSocket;
  /** The next message, or undefined once the socket closed. */
  next(): Promise<WsMessage | undefined>;
  /** Messages until one matches (inclusive), failing if the socket closes first. */
  until(match: (message: WsMessage) => boolean): Promise<WsMessage[]>;
  send(message: unknown): void;
  /** How the socket closed (code and reason), once it has. */
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** An upgrade the server refused: its HTTP status and JSON body. */
export interface WsRefusal {
  status: number;
  body: { error?: { code: string; message: string } };
}

/** A small WebSocket client for tests: every message queued in order, no reconnects. */
export function openWs(url: string, headers: Record<string, string> = {}, options: WebSocket.ClientOptions = {}) {
  return new Promise<WsConnection>((resolve, reject) => {
    const ws = new WebSocket(url, { headers, ...options });
    const queue: WsMessage[] = [];
    const waiters: (() => void)[] = [];
    let ended = false;
    const wake = () => waiters.splice(0).forEach((w) => w());
    ws.on('message', (data) => {
      queue.push(JSON.parse(String(data)) as WsMessage);
      wake();
    });
    const closed = new Promise<{ code: number; reason: string }>((done) =>
      ws.on('close', (code, reason) => {
        ended = true;
        wake();
        done({ code, reason: String(reason) });
      }),
    );
    ws.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += String(chunk)));
      response.on('end', () =>
        reject(
          Object.assign(new Error(`refused: ${response.statusCode}`), {
            refusal: { status: response.statusCode ?? 0, body: JSON.parse(body || '{}') },
          }),
        ),
      );
    });
    ws.on('error', (error) => {
      if (!ended && ws.readyState !== WebSocket.OPEN) reject(error);
    });
    const connection: WsConnection = {
      ws,
      closed,
      async next() {
        while (queue.length === 0 && !ended) await new Promise<void>((w) => waiters.push(w));
        return queue.shift();
      },
      async until(match) {
        const messages: WsMessage[] = [];
        for (;;) {
          const message = await connection.next();
          if (!message) throw new Error(`socket closed before the expected message; got ${JSON.stringify(messages)}`);
          messages.push(message);
          if (match(message)) return messages;
        }
      },
      send(message) {
        ws.send(typeof message === 'string' ? message : JSON.stringify(message));
      },
      close() {
        ws.close();
      },
    };
    ws.on('open', () => resolve(connection));
  });
}

/** The refusal of an upgrade that must not succeed. */
export async function refusedWs(url: string, headers: Record<string, string> = {}): Promise<WsRefusal> {
  try {
    const connection = await openWs(url, headers);
    connection.close();
  } catch (error) {
    const refusal = (error as { refusal?: WsRefusal }).refusal;
    if (refusal) return refusal;
    throw error;
  }
  throw new Error('the upgrade succeeded');
}
