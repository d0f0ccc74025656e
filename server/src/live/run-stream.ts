import type { FastifyReply, FastifyRequest } from 'fastify';
import { credentialsOf } from '../auth/auth.hooks.ts';
import type { AuthContext, AuthService } from '../auth/auth.service.ts';
import { Latch, sseHeaders, type SseWriter } from './sse-writer.ts';
import type { StreamHub } from './stream-hub.ts';
import { StreamSession } from './stream-session.ts';

/** What one kind of stream adds to the life every stream shares (slot, session, writer, heartbeat, end). */
export interface StreamKind {
  hub: StreamHub;
  auth: AuthService;
  /** The rest of what a new request to this stream would check of the listener: throws its HttpError. */
  stillAllowed(listener: AuthContext): Promise<unknown> | void;
  /** Starts listening to the notifications that wake the stream; returns how to stop. */
  subscribe(wake: () => void): () => void;
  /**
   * Writes what is new to the listener. Returns 'end' to end the stream, else how long until it has
   * something due without a notification (Infinity when nothing).
   */
  deliver(session: StreamSession, out: SseWriter): Promise<number | 'end'>;
  /** Whether a heartbeat may go out when the wait ran out (default: yes). */
  idle?(): boolean;
  /** The warning logged when the stream ends by an error. */
  failure: { message: string; fields?: Record<string, unknown> };
}

/**
 * An open stream, once the request was authorized and validated: reserves a slot (429), takes over
 * the response, then loops "check the session, deliver, wait for a notification or the heartbeat"
 * until the client leaves, the server shuts down (the slot's signal) or `deliver` ends it.
 */
export async function runStream(
  kind: StreamKind,
  opened: AuthContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const { hub } = kind;
  const slot = hub.acquire(opened);
  const session = new StreamSession(
    hub.clock,
    hub.settings,
    opened,
    async () => {
      const listener = await kind.auth.authenticate(credentialsOf(request));
      await kind.stillAllowed(listener);
      return listener;
    },
    request.log,
  );

  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, sseHeaders);
  const out = hub.writerFor(raw);
  const latch = new Latch();
  const stop = new AbortController();
  const onClose = () => stop.abort();
  raw.on('close', onClose);
  // The client may have left while we were authorizing: 'close' has fired already then.
  if (raw.destroyed) stop.abort();
  slot.signal.addEventListener('abort', onClose, { once: true });
  const unsubscribe = kind.subscribe(() => latch.signal());

  try {
    await out.write(`retry: ${hub.settings.retryMs}\n\n: connected\n\n`);
    while (!stop.signal.aborted && !out.closed) {
      // Before any delivery: nothing written after the session lapsed may reach the listener.
      if (await session.endIfDue(out)) break;
      latch.reset();
      const nextDue = await kind.deliver(session, out);
      if (nextDue === 'end') break;
      const wait = Math.min(hub.settings.heartbeatMs, nextDue, session.msUntilDue());
      const woken = await latch.wait(wait, stop.signal, (ms, signal) => hub.clock.sleep(ms, signal));
      const heartbeatDue = wait === hub.settings.heartbeatMs && (kind.idle?.() ?? true);
      if (!woken && !stop.signal.aborted && heartbeatDue) await out.comment('ping');
    }
  } catch (error) {
    // After the first byte, failures end the stream; the client resumes from its last id.
    request.log.warn({ err: error, ...kind.failure.fields }, kind.failure.message);
  } finally {
    unsubscribe();
    raw.off('close', onClose);
    slot.release();
    // Ended by the server (shutdown): when to come back. Not awaited: a client that stopped reading
    // must not hold the shutdown up; end() sends it after whatever is still queued.
    if (slot.signal.aborted) void out.write(hub.farewell());
    out.end();
  }
}
