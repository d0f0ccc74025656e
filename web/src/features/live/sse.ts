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
 * The frame a server ends a stream with when its listener may no longer read it (session expired,
 * access lost): `event: error`, `{"code":"unauthorized","message":…}`, no id. Returns the reason to
 * show, or undefined for any other frame (a review event of a type named `error` carries an id).
 */
export function sessionLapse(frame: SseFrame): string | undefined {
  if (frame.event !== 'error' || frame.id !== undefined) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(frame.data);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null || (data as { code?: unknown }).code !== 'unauthorized') {
    return undefined;
  }
  const message = (data as { message?: unknown }).message;
  return typeof message === 'string' && message !== '' ? message : 'Your session has ended; sign in again.';
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
  /** The network edge; a parameter so unit tests can hand the feed a stream they write to. */
  fetchImpl: typeof fetch = fetch,
): Promise<'closed' | 'no-content'> {
  const response = await fetchImpl(url, {
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
