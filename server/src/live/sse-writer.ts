import type { ServerResponse } from 'node:http';
import type { Clock } from '../lib/clock.ts';

export const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
  'x-content-type-options': 'nosniff',
} as const;

/** One SSE frame as text: `id:`, `event:`, `data:` lines and the blank line that ends it. */
export function frameText(fields: { id?: number; event?: string; data: unknown }): string {
  let text = '';
  if (fields.id !== undefined) text += `id: ${fields.id}\n`;
  if (fields.event) text += `event: ${fields.event}\n`;
  return `${text}data: ${JSON.stringify(fields.data)}\n\n`;
}

/** A client that read nothing for too long while frames waited: it was dropped and resumes by id. */
export class SlowClientError extends Error {
  override name = 'SlowClientError';
}

/**
 * Writes SSE frames to a raw response, waiting for the socket to drain when it is full. A client
 * that stops reading holds at most one socket buffer of ours (nothing more is read from the store
 * for it while it waits); after `slowClientMs` without draining it is dropped, so a stuck tab or a
 * dead NAT entry cannot pin a stream slot and its buffers for good.
 */
export class SseWriter {
  constructor(
    private readonly response: ServerResponse,
    private readonly slowClient: { ms: number; clock: Clock; onDrop?: () => void },
  ) {}

  get closed(): boolean {
    return this.response.destroyed || this.response.writableEnded;
  }

  async frame(fields: { id?: number; event?: string; data: unknown }): Promise<void> {
    await this.write(frameText(fields));
  }

  comment(text: string): Promise<void> {
    return this.write(`: ${text}\n\n`);
  }

  async write(text: string): Promise<void> {
    if (this.closed) return;
    if (this.response.write(text)) return;
    const waited = new AbortController();
    const drained = await Promise.race([
      new Promise<boolean>((resolve) => {
        const done = () => {
          this.response.off('drain', done);
          this.response.off('close', done);
          resolve(true);
        };
        this.response.on('drain', done);
        this.response.on('close', done);
      }),
      this.slowClient.clock.sleep(this.slowClient.ms, waited.signal).then(() => false),
    ]);
    waited.abort();
    if (drained) return;
    this.response.destroy();
    this.slowClient.onDrop?.();
    throw new SlowClientError(
      `The client read nothing for ${Math.round(this.slowClient.ms / 1000)} s with ${this.response.writableLength} bytes waiting; dropped (it resumes from its last id)`,
    );
  }

  end(): void {
    if (!this.closed) this.response.end();
  }
}

/**
 * A wake-up latch: notifications that arrive while a stream is busy catching up are not lost;
 * the next `wait` returns at once instead of sleeping until the heartbeat.
 */
export class Latch {
  private pending = false;
  private waiter: AbortController | undefined;

  signal(): void {
    this.pending = true;
    this.waiter?.abort();
  }

  /** Clears the latch; call before reading the store, so anything after it counts. */
  reset(): void {
    this.pending = false;
  }

  /** Resolves true when signalled, false when `ms` passed (heartbeat or deadline due) or `stop` aborted. */
  async wait(
    ms: number,
    stop: AbortSignal,
    sleep: (ms: number, signal: AbortSignal) => Promise<void>,
  ): Promise<boolean> {
    if (this.pending) return true;
    // Already due (a deadline passed while the stream was busy): a fake clock would never wake a 0 ms sleep.
    if (stop.aborted || ms <= 0) return false;
    const controller = new AbortController();
    this.waiter = controller;
    const onStop = () => controller.abort();
    stop.addEventListener('abort', onStop, { once: true });
    await sleep(ms, controller.signal);
    stop.removeEventListener('abort', onStop);
    this.waiter = undefined;
    return this.pending;
  }
}
