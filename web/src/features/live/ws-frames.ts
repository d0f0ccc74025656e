import type { SseFrame } from './sse.ts';

/**
 * What the server sends on `GET /api/v1/ws` (README, "Live updates"), one JSON object per message:
 * - the SSE envelopes plus `topic`: `{"topic":"review:123","seq":101,"type":"log",…}` (a review's
 *   event) or `{"topic":"reviews","type":"review",…ReviewSummary}` (a change in the list);
 * - `{"op":"end","topic":…,"status":…,"lastSeq":…}` once a review's terminal status was sent;
 * - `{"op":"error","topic":…,"code":"not_found"}` when a subscription cannot be served, and without a
 *   topic for the whole socket (`unauthorized`: the session lapsed, close 4001 follows);
 * - `subscribed` / `unsubscribed` acknowledgements, which change nothing here.
 *
 * Each is turned into the SSE frame it stands for, so a feed's source applies a frame the same way
 * whichever transport carried it (dedupe and gap fill by seq live in one place).
 */
export type WsMessage =
  | { kind: 'frame'; topic: string; frame: SseFrame }
  | { kind: 'end'; topic: string; frame: SseFrame }
  /** `topic` is `ALL_TOPICS` when the error is about the socket itself. */
  | { kind: 'error'; topic: string; code: string; message: string };

/** The topic of a socket-wide message: it reaches every subscriber. */
export const ALL_TOPICS = '*';

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
  if (op === 'error' && topic === undefined) return errorMessage(ALL_TOPICS, rest);
  if (typeof topic !== 'string' || topic === '') return undefined;
  if (op === 'end') {
    // The SSE `end` frame's data: `lastSeq` (when the server names it) bounds the final catch-up.
    return { kind: 'end', topic, frame: { event: 'end', id: undefined, data: JSON.stringify(rest) } };
  }
  if (op === 'error') return errorMessage(topic, rest);
  if (op !== undefined) return undefined;
  if (topic === REVIEWS_TOPIC) {
    // `type: "review"` names the SSE event; the data is the ReviewSummary without it.
    const { type, ...summary } = rest;
    if (type !== undefined && type !== 'review') return undefined;
    return { kind: 'frame', topic, frame: { event: 'review', id: idOf(summary['id']), data: JSON.stringify(summary) } };
  }
  if (typeof rest['seq'] !== 'number' || typeof rest['type'] !== 'string') return undefined;
  return { kind: 'frame', topic, frame: { event: rest['type'], id: String(rest['seq']), data: JSON.stringify(rest) } };
}

function errorMessage(topic: string, rest: Record<string, unknown>): WsMessage {
  const code = typeof rest['code'] === 'string' ? rest['code'] : 'error';
  const message = typeof rest['message'] === 'string' && rest['message'] !== '' ? rest['message'] : errorText(code);
  return { kind: 'error', topic, code, message };
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

/**
 * What a feed does about an error: `fatal` (a retry cannot fix it: stop and say why, as for a
 * 401/403/404), `retry` (the topic ended by a server error: resubscribe from the last seq), or
 * `unusable` (rate limited, refused: this rung does not serve us now, step down the ladder).
 */
export function wsErrorAction(code: string): 'fatal' | 'retry' | 'unusable' {
  if (['not_found', 'forbidden', 'unauthorized'].includes(code)) return 'fatal';
  return code === 'internal' ? 'retry' : 'unusable';
}

/** Close codes of GET /api/v1/ws that say what to do next (the server's docs/live-websocket.md). */
export const WsCloseCode = {
  /** Shutting down; the reason is `retry=<ms>`. */
  serviceRestart: 1012,
  /** The socket's 1 h lifetime is over: reconnect at once. */
  maxLifetime: 4000,
  /** The session lapsed: stop, sign in again. */
  unauthorized: 4001,
} as const;

/** The delay a closing server asks for (`retry=<ms>`), if it names one. */
export function retryHint(reason: string): number | undefined {
  const match = /(?:^|\s)retry=(\d{1,6})(?:\s|$)/.exec(reason);
  return match ? Number(match[1]) : undefined;
}
