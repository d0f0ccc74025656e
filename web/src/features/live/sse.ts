import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { ApiError } from '../../lib/http.ts';

export type SseFrame = EventSourceMessage;

export interface SseCallbacks {
  /** Response headers arrived (2xx). */
  onOpen(): void;
  /** Any comment line (`: connected`, `: ping`): proof the bytes flow. */
  onComment(comment: string): void;
  onFrame(frame: SseFrame): void;
}

/**
 * Server-Sent Events over `fetch` rather than `EventSource`: we need to see comment lines (heartbeats
 * are how a buffering proxy is detected), to tell 204/429/404 apart, and to own reconnects ourselves.
 * Resolves when the server closes the stream; `'no-content'` for a 204 (finished review, caught up).
 */
export async function readSse(
  url: string,
  callbacks: SseCallbacks,
  signal: AbortSignal,
): Promise<'closed' | 'no-content'> {
  const response = await fetch(url, {
    credentials: 'same-origin',
    headers: { accept: 'text/event-stream' },
    cache: 'no-store',
    signal,
  });
  if (response.status === 204) return 'no-content';
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(response.status, body?.error?.code ?? 'stream', body?.error?.message ?? response.statusText);
  }
  callbacks.onOpen();
  const parser = createParser({ onEvent: callbacks.onFrame, onComment: callbacks.onComment });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return 'closed';
      parser.feed(value);
    }
  } finally {
    reader.releaseLock();
  }
}
