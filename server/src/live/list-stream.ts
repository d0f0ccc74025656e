import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ReviewListQuery } from '@reviewtrace/contracts';
import { credentialsOf } from '../auth/auth.hooks.ts';
import type { AuthContext, AuthService } from '../auth/auth.service.ts';
import { forbidden } from '../http/errors.ts';
import type { ReviewsService } from '../reviews/reviews.service.ts';
import type { ReviewNotification } from '../events/event-store.ts';
import { Latch, sseHeaders } from './sse-writer.ts';
import type { StreamHub } from './stream-hub.ts';
import { StreamSession } from './stream-session.ts';

const PER_REVIEW_INTERVAL_MS = 1_000;

export type ListStreamDeps = { auth: AuthService; reviews: ReviewsService; hub: StreamHub };

/**
 * GET /reviews/stream: `event: review` with the ReviewSummary of each review of the caller's org
 * that is created or changes, at most once per review per second (the last change always arrives:
 * the throttle delays, never drops), filtered like the list. While open, the listener is authorized
 * again (StreamSession): every interval and at the token's expiry, still allowed to follow its orgs.
 */
export async function streamReviewList(
  deps: ListStreamDeps,
  auth: AuthContext,
  query: ReviewListQuery,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const { reviews, hub } = deps;
  const orgs = reviews.streamOrgs(auth, query.org_id);
  const slot = hub.acquire(auth);
  const session = new StreamSession(
    hub.clock,
    hub.settings,
    auth,
    async () => {
      const listener = await deps.auth.authenticate(credentialsOf(request));
      const followable = reviews.streamOrgs(listener, query.org_id);
      if (!followsAll(followable, orgs)) throw forbidden('You may no longer follow the orgs of this stream');
      return listener;
    },
    request.log,
  );

  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, sseHeaders);
  const out = hub.writerFor(raw);
  const stop = new AbortController();
  const onClose = () => stop.abort();
  raw.on('close', onClose);
  if (raw.destroyed) stop.abort();
  slot.signal.addEventListener('abort', onClose, { once: true });

  const dirty = new Set<number>();
  const lastSent = new Map<number, number>();
  const latch = new Latch();
  const onNotification = (n: ReviewNotification) => {
    dirty.add(n.reviewId);
    latch.signal();
  };
  const unsubscribers =
    orgs === 'all'
      ? [hub.router.onAnyOrg(onNotification)]
      : orgs.map((orgId) => hub.router.onOrg(orgId, onNotification));

  try {
    await out.write(`retry: ${hub.settings.retryMs}\n\n: connected\n\n`);
    while (!stop.signal.aborted && !out.closed) {
      if (await session.endIfDue(out)) break;
      latch.reset();
      const now = hub.clock.now();
      let nextDue = Infinity;
      for (const reviewId of [...dirty]) {
        const due = (lastSent.get(reviewId) ?? -Infinity) + PER_REVIEW_INTERVAL_MS;
        if (due > now) {
          nextDue = Math.min(nextDue, due);
          continue;
        }
        dirty.delete(reviewId);
        lastSent.set(reviewId, now);
        const summary = await reviews.summaryIfListed(session.auth, query, reviewId);
        if (summary) await out.frame({ id: reviewId, event: 'review', data: summary });
      }
      forgetOld(lastSent, now);
      const wait = Math.min(hub.settings.heartbeatMs, nextDue - now, session.msUntilDue());
      const woken = await latch.wait(wait, stop.signal, (ms, signal) => hub.clock.sleep(ms, signal));
      const heartbeatDue = wait === hub.settings.heartbeatMs && dirty.size === 0;
      if (!woken && !stop.signal.aborted && heartbeatDue) await out.comment('ping');
    }
  } catch (error) {
    request.log.warn({ err: error }, 'list stream ended by an error');
  } finally {
    for (const unsubscribe of unsubscribers) unsubscribe();
    raw.off('close', onClose);
    slot.release();
    // Ended by the server (shutdown): when to come back. Not awaited: a client that stopped reading
    // must not hold the shutdown up; end() sends it after whatever is still queued.
    if (slot.signal.aborted) void out.write(hub.farewell());
    out.end();
  }
}

/** Whether the orgs the listener may follow now still include every org the stream follows. */
function followsAll(followable: number[] | 'all', followed: number[] | 'all'): boolean {
  if (followable === 'all') return true;
  return followed !== 'all' && followed.every((orgId) => followable.includes(orgId));
}

/** Keeps the throttle map small on a long-lived stream. */
function forgetOld(lastSent: Map<number, number>, now: number) {
  if (lastSent.size < 1_000) return;
  for (const [id, at] of lastSent) if (now - at > PER_REVIEW_INTERVAL_MS) lastSent.delete(id);
}
