import type { OpenSocket, SocketLike } from '../features/live/shared-socket.ts';
import { Watched } from './watch.ts';

/**
 * The network edge of the tab's WebSocket: each socket the code opens is handed to the test, which
 * accepts it (the upgrade passed), refuses it (a proxy or a stopped server: closed before opening,
 * as a browser reports it, code 1006), writes server messages into it and closes it.
 */
export class FakeSocketServer {
  readonly sockets = new Watched<FakeSocket>();

  open: OpenSocket = (url) => {
    const socket = new FakeSocket(url);
    this.sockets.push(socket);
    return socket;
  };

  /** The nth socket opened (from 0), once it has been. */
  async socket(n: number): Promise<FakeSocket> {
    await this.sockets.until((all) => all.length > n);
    return this.sockets.items[n]!;
  }
}

export class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  /** What the client sent, parsed. */
  readonly sent = new Watched<Record<string, unknown>>();
  closedByClient: { code?: number; reason?: string } | undefined;
  private state: 'connecting' | 'open' | 'closed' = 'connecting';

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.state !== 'open') throw new Error(`send on a ${this.state} socket`);
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code?: number, reason?: string): void {
    this.closedByClient = { code, reason };
    this.state = 'closed';
  }

  accept(): this {
    this.state = 'open';
    this.onopen?.({});
    return this;
  }

  refuse(): void {
    this.serverClose(1006);
  }

  message(value: unknown): void {
    this.onmessage?.({ data: typeof value === 'string' ? value : JSON.stringify(value) });
  }

  serverClose(code: number, reason = ''): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.onclose?.({ code, reason });
  }

  get isClosed(): boolean {
    return this.state === 'closed';
  }
}
