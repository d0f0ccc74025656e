import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ReviewListQuery } from '@reviewtrace/contracts';
import type { AuthContext, AuthService } from '../auth/auth.service.ts';
import { forbidden } from '../http/errors.ts';
import type { ReviewsService } from '../reviews/reviews.service.ts';
import type { ReviewNotification } from '../events/event-store.ts';
import type { StreamHub } from './stream-hub.ts';
import { runStream } from './run-stream.ts';
import type { LiveFeed } from './live-feed.ts';

const PER_REVIEW_INTERVAL_MS = 1_000;

export type ListStreamDeps = { auth: AuthService; reviews: ReviewsService; hub: StreamHub };

/**
 * GET /reviews/stream (listFeed): `event: review` with the ReviewSummary of each review of the caller's org
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
  await runStream(deps, listFeed(deps, auth, query), auth, request, reply);
}

/**
 * The list changes the listener may follow (SSE and the WebSocket's `reviews` topic): each review
 * created or changed, as its ReviewSummary when it matches `query`, throttled per review.
 */
export function listFeed(deps: ListStreamDeps, auth: AuthContext, query: ReviewListQuery): LiveFeed {
  const { reviews, hub } = deps;
  const orgs = reviews.streamOrgs(auth, query.org_id);
  const dirty = new Set<number>();
  const lastSent = new Map<number, number>();
  return {
    stillAllowed: (listener) => {
      const followable = reviews.streamOrgs(listener, query.org_id);
      if (!followsAll(followable, orgs)) throw forbidden('You may no longer follow the orgs of this stream');
    },
    subscribe: (wake) => {
      const onNotification = (n: ReviewNotification) => {
        dirty.add(n.reviewId);
        wake();
      };
      const unsubscribers =
        orgs === 'all'
          ? [hub.router.onAnyOrg(onNotification)]
          : orgs.map((orgId) => hub.router.onOrg(orgId, onNotification));
      return () => {
        for (const unsubscribe of unsubscribers) unsubscribe();
      };
    },
    deliver: async (session, out) => {
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
        if (summary) await out.review(summary);
      }
      forgetOld(lastSent, now);
      return nextDue - now;
    },
    // A heartbeat only when no change is waiting for its throttle.
    idle: () => dirty.size === 0,
    failure: { message: 'list stream ended by an error' },
  };
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
