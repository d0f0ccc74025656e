import type { SseFrame } from './sse.ts';

/**
 * What the server sends on `GET /api/v1/ws` (README, "Live updates"), one JSON object per message:
 * - the SSE envelopes plus `topic`: `{"topic":"review:123","seq":101,"type":"log",…}` (a review's
 *   event) or `{"topic":"reviews",…ReviewSummary}` (a change in the list);
 * - `{"op":"end","topic":…}` once a review's terminal status was sent;
 * - `{"op":"error","topic":…,"code":"not_found"}` when a subscription cannot be served.
 *
 * Each is turned into the SSE frame it stands for, so a feed's source applies a frame the same way
 * whichever transport carried it (dedupe and gap fill by seq live in one place).
 */
export type WsMessage =
  | { kind: 'frame'; topic: string; frame: SseFrame }
  | { kind: 'end'; topic: string; frame: SseFrame }
  | { kind: 'error'; topic: string; code: string; message: string };

export const reviewTopic = (reviewId: number) => `review:${reviewId}`;
export const REVIEWS_TOPIC = 'reviews';

/** The messages a client sends. `after` = the last seq it has, so a resubscribe resumes there. */
export function subscribeMessage(topic: string, after: number | undefined): string {
  return JSON.stringify(after === undefined ? { op: 'subscribe', topic } : { op: 'subscribe', topic, after });
}

export function unsubscribeMessage(topic: string): string {
  return JSON.stringify({ op: 'unsubscribe', topic });
}

/** Undefined for anything that is not a message we know (not JSON, no topic, another op): ignored. */
export function parseWsMessage(text: unknown): WsMessage | undefined {
  if (typeof text !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { topic, op, ...rest } = value as Record<string, unknown>;
  if (typeof topic !== 'string' || topic === '') return undefined;
  if (op === 'end') {
    // The SSE `end` frame's data: `lastSeq` (when the server names it) bounds the final catch-up.
    return { kind: 'end', topic, frame: { event: 'end', id: undefined, data: JSON.stringify(rest) } };
  }
  if (op === 'error') {
    const code = typeof rest['code'] === 'string' ? rest['code'] : 'error';
    const message = typeof rest['message'] === 'string' && rest['message'] !== '' ? rest['message'] : errorText(code);
    return { kind: 'error', topic, code, message };
  }
  if (op !== undefined) return undefined;
  if (topic === REVIEWS_TOPIC) {
    return { kind: 'frame', topic, frame: { event: 'review', id: idOf(rest['id']), data: JSON.stringify(rest) } };
  }
  if (typeof rest['seq'] !== 'number' || typeof rest['type'] !== 'string') return undefined;
  return { kind: 'frame', topic, frame: { event: rest['type'], id: String(rest['seq']), data: JSON.stringify(rest) } };
}

const idOf = (id: unknown) => (typeof id === 'number' || typeof id === 'string' ? String(id) : undefined);

function errorText(code: string): string {
  switch (code) {
    case 'not_found':
      return 'This review no longer exists or you may not see it.';
    case 'forbidden':
      return 'You may no longer follow this.';
    case 'unauthorized':
      return 'Your session has ended; sign in again.';
    default:
      return `The server could not follow this (${code}).`;
  }
}

/** Codes that a retry cannot fix: the feed stops and says why, as it does for a 401/403/404. */
export const isFatalWsError = (code: string) => ['not_found', 'forbidden', 'unauthorized'].includes(code);
