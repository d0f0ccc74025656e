import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type SseFrame = EventSourceMessage;

export interface SseReadOptions {
  /** Awaited before the next chunk is read, so a frame's handling (a gap fill) ends before the next. */
  onFrames(frames: SseFrame[]): Promise<'continue' | 'stop'>;
  /** The server's `retry:` hint. */
  onRetry(ms: number): void;
  /**
   * The server writes at least a comment every 15 s (api.md); nothing at all for this long means the
   * connection died without a reset (a laptop lid, a NAT timeout) and would otherwise hang forever.
   */
  idleMs: number;
}

/**
 * Reads a `text/event-stream` body to its end. `silent` when it was abandoned after `idleMs` without
 * a byte; `stopped` when `onFrames` said so; `closed` when the server closed it.
 */
export async function readSseBody(
  body: ReadableStream<Uint8Array>,
  options: SseReadOptions,
): Promise<'closed' | 'stopped' | 'silent'> {
  let pending: SseFrame[] = [];
  const parser = createParser({ onEvent: (frame) => pending.push(frame), onRetry: options.onRetry });
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let silent = false;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  const rearm = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      silent = true;
      // Ends the pending read with `done` and lets go of the connection.
      void reader.cancel().catch(() => undefined);
    }, options.idleMs);
  };
  try {
    for (rearm(); ; rearm()) {
      const { value, done } = await reader.read();
      if (done) return silent ? 'silent' : 'closed';
      parser.feed(value);
      const frames = pending;
      pending = [];
      if (frames.length > 0 && (await options.onFrames(frames)) === 'stop') return 'stopped';
    }
  } finally {
    clearTimeout(watchdog);
    // Whatever happened, let go of the connection: a stopped stream must not keep the process alive.
    await reader.cancel().catch(() => undefined);
  }
}
