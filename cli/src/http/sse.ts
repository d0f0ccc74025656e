import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type SseFrame = EventSourceMessage;

/**
 * Reads a `text/event-stream` body to its end, handing over the frames of each chunk in order.
 * `onFrames` is awaited before the next chunk is read, so a frame's handling (a gap fill over
 * REST) finishes before the next frame is looked at. `onRetry` reports the server's `retry:` hint.
 */
export async function readSseBody(
  body: ReadableStream<Uint8Array>,
  onFrames: (frames: SseFrame[]) => Promise<'continue' | 'stop'>,
  onRetry: (ms: number) => void,
): Promise<'closed' | 'stopped'> {
  let pending: SseFrame[] = [];
  const parser = createParser({ onEvent: (frame) => pending.push(frame), onRetry });
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'closed';
      parser.feed(value);
      const frames = pending;
      pending = [];
      if (frames.length > 0 && (await onFrames(frames)) === 'stop') return 'stopped';
    }
  } finally {
    // Whatever happened, let go of the connection: a stopped stream must not keep the process alive.
    await reader.cancel().catch(() => undefined);
  }
}
