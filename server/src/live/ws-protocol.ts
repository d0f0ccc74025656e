/**
 * The wire protocol of GET /api/v1/ws (documented in docs/live-websocket.md): JSON text messages,
 * one op per message from the client; events of a topic go out as the SSE envelope plus `topic`.
 */

/** Close codes the server ends a socket with, and what the client should do. */
export const WsClose = {
  /** The server is shutting down: reconnect after the reason's `retry=<ms>` and resubscribe with `after`. */
  serviceRestart: 1012,
  /** The session lapsed (expired, access lost): sign in again; do not reconnect as is. */
  unauthorized: 4001,
  /** The socket reached its maximum lifetime: reconnect and resubscribe with `after`. */
  maxLifetime: 4000,
  /** The client read nothing for STREAM_SLOW_CLIENT_MS with WS_MAX_BUFFERED_BYTES waiting: reconnect, resume by `after`. */
  slowClient: 4008,
} as const;

/** Topics a socket can follow: one review's events, or the list of the socket's org. */
export type Topic = { kind: 'review'; reviewId: number; name: string } | { kind: 'reviews'; name: 'reviews' };

export type ClientOp =
  | { op: 'subscribe'; topic: Topic; after: number }
  | { op: 'unsubscribe'; topic: Topic }
  | { op: 'invalid'; message: string; topic?: string };

/** Largest message the server accepts from a client: ops are a few dozen bytes. */
export const MAX_CLIENT_MESSAGE_BYTES = 4096;

const MAX_SEQ = 999_999_999_999_999;

/** Parses one client message; anything it cannot act on becomes `invalid` with the reason. */
export function parseClientOp(text: string): ClientOp {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { op: 'invalid', message: 'Messages must be JSON objects' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { op: 'invalid', message: 'Messages must be JSON objects' };
  }
  const { op, topic: rawTopic, after } = value as Record<string, unknown>;
  if (op !== 'subscribe' && op !== 'unsubscribe') {
    return { op: 'invalid', message: 'op must be "subscribe" or "unsubscribe"' };
  }
  const topic = parseTopic(rawTopic);
  if (!topic) {
    return {
      op: 'invalid',
      message: 'topic must be "reviews" or "review:<id>"',
      ...(typeof rawTopic === 'string' && rawTopic.length <= 64 ? { topic: rawTopic } : {}),
    };
  }
  if (op === 'unsubscribe') return { op, topic };
  if (after !== undefined && !(Number.isSafeInteger(after) && (after as number) >= 0 && (after as number) <= MAX_SEQ)) {
    return { op: 'invalid', message: 'after must be a whole number (the last seq received)', topic: topic.name };
  }
  return { op, topic, after: (after as number | undefined) ?? 0 };
}

export function parseTopic(raw: unknown): Topic | undefined {
  if (raw === 'reviews') return { kind: 'reviews', name: 'reviews' };
  if (typeof raw !== 'string') return undefined;
  const match = /^review:([1-9]\d{0,14})$/.exec(raw);
  return match ? { kind: 'review', reviewId: Number(match[1]), name: raw } : undefined;
}
