import type { FastifyReply, FastifyRequest } from 'fastify';
import { credentialsOf } from '../auth/auth.hooks.ts';
import type { AuthContext, AuthService } from '../auth/auth.service.ts';
import { sseHeaders } from './sse-writer.ts';
import type { StreamHub } from './stream-hub.ts';
import { StreamSession } from './stream-session.ts';
import { followFeed, type LiveFeed } from './live-feed.ts';
import { SseSink } from './sse-sink.ts';

/** What every SSE stream needs besides its feed: the hub and the sign-in service for re-checks. */
export interface StreamDeps {
  hub: StreamHub;
  auth: AuthService;
}

/**
 * An open SSE stream, once the request was authorized and validated: reserves a slot (429), takes
 * over the response, then follows the feed (followFeed) until the client leaves, the server shuts
 * down (the slot's signal) or the feed ends.
 */
export async function runStream(
  deps: StreamDeps,
  feed: LiveFeed,
  opened: AuthContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const { hub } = deps;
  const slot = hub.acquire(opened);
  const session = new StreamSession(
    hub.clock,
    hub.settings,
    opened,
    async () => {
      const listener = await deps.auth.authenticate(credentialsOf(request));
      await feed.stillAllowed(listener);
      return listener;
    },
    request.log,
  );

  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, sseHeaders);
  const out = hub.writerFor(raw);
  const sink = new SseSink(out);
  const stop = new AbortController();
  const onClose = () => stop.abort();
  raw.on('close', onClose);
  // The client may have left while we were authorizing: 'close' has fired already then.
  if (raw.destroyed) stop.abort();
  slot.signal.addEventListener('abort', onClose, { once: true });

  try {
    await out.write(`retry: ${hub.settings.retryMs}\n\n: connected\n\n`);
    await followFeed(feed, hub, session, sink, sink, stop.signal);
  } catch (error) {
    // After the first byte, failures end the stream; the client resumes from its last id.
    request.log.warn({ err: error, ...feed.failure.fields }, feed.failure.message);
  } finally {
    raw.off('close', onClose);
    slot.release();
    // Ended by the server (shutdown): when to come back. Not awaited: a client that stopped reading
    // must not hold the shutdown up; end() sends it after whatever is still queued.
    if (slot.signal.aborted) void out.write(hub.farewell());
    out.end();
  }
}
