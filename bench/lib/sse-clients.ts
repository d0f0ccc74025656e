import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsxExecArgv } from './server-process.ts';

export interface StreamTarget {
  reviewId: number;
  token: string;
}

/** How a client follows its review: an SSE stream, or a WebSocket with one `review:{id}` topic. */
export type Transport = 'sse' | 'ws';

/** Parent → child messages (sse-client-process.ts). */
export type ChildRequest =
  | { type: 'open'; baseUrl: string; targets: StreamTarget[]; after: number; concurrency: number; transport: Transport }
  | { type: 'collect' }
  | { type: 'close' };

/** Frame arrivals as parallel arrays: (review, seq, epoch ms) per frame per connection. */
export interface Arrivals {
  reviewIds: number[];
  seqs: number[];
  times: number[];
  /** Connections still open when collected (a stream the server ended early shows here). */
  open: number;
  /** CPU time the client process has used so far (user + system), ms. */
  cpuMs: number;
}

export type ChildReply =
  | { type: 'opened'; failures: string[]; ms: number; open: number }
  | ({ type: 'arrivals' } & Arrivals)
  | { type: 'closed' };

const childPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sse-client-process.ts');

/** A pool of SSE (or WebSocket) connections living in a child process; see sse-client-process.ts for why. */
export class SseClients {
  private constructor(private readonly child: ChildProcess) {}

  static start(): SseClients {
    return new SseClients(
      fork(childPath, [], { execArgv: tsxExecArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
  }

  /**
   * Opens one stream (or one WebSocket with one topic) per target from the given seq; resolves with
   * the failures (status: body).
   */
  async open(baseUrl: string, targets: StreamTarget[], after = 0, concurrency = 50, transport: Transport = 'sse') {
    const reply = await this.ask({ type: 'open', baseUrl, targets, after, concurrency, transport }, 'opened');
    return reply as Extract<ChildReply, { type: 'opened' }>;
  }

  /** Everything received since the last collect. */
  async collect(): Promise<Arrivals> {
    return (await this.ask({ type: 'collect' }, 'arrivals')) as Arrivals;
  }

  /** Closes every stream (the client side hangs up), keeping the process for another round. */
  async closeStreams(): Promise<void> {
    await this.ask({ type: 'close' }, 'closed');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    await exited;
  }

  private ask(request: ChildRequest, expect: ChildReply['type']): Promise<ChildReply> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: ChildReply) => {
        if (message.type !== expect) return;
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        resolve(message);
      };
      const onExit = (code: number | null) => reject(new Error(`SSE client process exited with ${code}`));
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send(request);
    });
  }
}
