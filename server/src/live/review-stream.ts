import type { FastifyReply, FastifyRequest } from 'fastify';
import { isTerminal, toApiStatus } from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import type { AuthContext, AuthService } from '../auth/auth.service.ts';
import { badRequest } from '../http/errors.ts';
import { streamPage, type StreamPage } from '../events/events.repository.ts';
import type { EventsService } from '../events/events.service.ts';
import type { StreamHub } from './stream-hub.ts';
import { scopeToOrg, type OrgScope } from '../auth/org-scope.ts';
import { runStream } from './run-stream.ts';
import type { LiveFeed } from './live-feed.ts';
import type { StreamSink } from './stream-sink.ts';

const CATCH_UP_PAGE = 500;

export type ReviewStreamDeps = { db: Db; auth: AuthService; events: EventsService; hub: StreamHub };

/**
 * GET /reviews/{id}/stream. Authorization, validation and the 204/404/429 answers all happen before
 * the first byte; after that the stream follows the review's feed (reviewFeed).
 */
export async function streamReview(
  deps: ReviewStreamDeps,
  auth: AuthContext,
  reviewId: number,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const review = await deps.events.readableReview(auth, reviewId);
  const cursor = resumePoint(request);
  if (isTerminal(toApiStatus(review.status)) && cursor >= review.lastSeq) {
    // Stops browsers' automatic reconnects to a review that has nothing more to say.
    return reply.status(204).send();
  }
  await runStream(deps, reviewFeed(deps, review, cursor), auth, request, reply);
}

/**
 * One review's events, after `from`, for a listener already authorized to read it (SSE and the
 * WebSocket's `review:{id}` topic): a loop of "catch up from the store, then wait for a
 * notification (or the heartbeat)", ending once the terminal status and everything before it went
 * out. While open, the listener is authorized again (StreamSession): every interval and at the
 * token's expiry, with the review still readable in their org.
 */
export function reviewFeed(deps: ReviewStreamDeps, review: { id: number; orgId: number }, from: number): LiveFeed {
  const { db, events, hub } = deps;
  const reviewId = review.id;
  // The review's own org: every viewer was authorized for this review, so reads shared among them
  // (hub.shared) return the same rows whoever started them.
  const scope = scopeToOrg(review.orgId);
  let cursor = from;
  return {
    stillAllowed: (listener) => events.readableReview(listener, reviewId),
    subscribe: (wake) => hub.router.onReview(reviewId, wake),
    deliver: async (session, out) => {
      // Queries are shared only among viewers woken by the same notification: one that started
      // before a newer commit could miss it, and the viewer would then sleep until the heartbeat.
      const version = hub.router.versionOf(reviewId);
      const caught = await catchUp(db, scope, hub, out, reviewId, cursor, version, () => session.msUntilDue() === 0);
      cursor = caught.cursor;
      const progress = caught.progress;
      if (!progress) return 'end';
      const status = toApiStatus(progress.status);
      if (isTerminal(status) && cursor >= progress.lastSeq) {
        await out.end({ status, lastSeq: progress.lastSeq });
        return 'end';
      }
      return Infinity;
    },
    failure: { message: 'review stream ended by an error', fields: { reviewId } },
  };
}

async function catchUp(
  db: Db,
  scope: OrgScope,
  hub: StreamHub,
  out: StreamSink,
  reviewId: number,
  from: number,
  version: number,
  /** A session check is due: stop between pages so it runs before anything more goes out. */
  checkDue: () => boolean,
): Promise<{ cursor: number; progress: StreamPage['progress'] }> {
  let cursor = from;
  for (;;) {
    const after = cursor;
    const { rows, progress } = await hub.shared(`page:${reviewId}:${after}:${version}`, () =>
      streamPage(db, scope, reviewId, after, CATCH_UP_PAGE),
    );
    await out.events(reviewId, rows);
    if (rows.length > 0) cursor = rows.at(-1)!.seq;
    if (rows.length < CATCH_UP_PAGE || !progress || out.closed || checkDue()) return { cursor, progress };
  }
}

/** `Last-Event-ID` (a browser reconnecting) wins over `?after=` (the page's first connect). */
function resumePoint(request: FastifyRequest): number {
  const header = request.headers['last-event-id'];
  const raw = (Array.isArray(header) ? header[0] : header) ?? (request.query as { after?: string }).after;
  if (raw === undefined || raw === '') return 0;
  if (!/^\d{1,15}$/.test(String(raw))) {
    throw badRequest('The resume point must be a sequence number', [
      {
        field: header === undefined ? 'querystring.after' : 'headers.last-event-id',
        message: 'expected a whole number',
      },
    ]);
  }
  return Number(raw);
}
