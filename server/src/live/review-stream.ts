import type { FastifyReply, FastifyRequest } from 'fastify';
import { isTerminal, toApiStatus } from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import { credentialsOf } from '../auth/auth.hooks.ts';
import type { AuthContext, AuthService } from '../auth/auth.service.ts';
import { badRequest } from '../http/errors.ts';
import { toReviewEvent } from '../events/event-envelope.ts';
import type { EventRow } from '../events/events.repository.ts';
import type { EventsService } from '../events/events.service.ts';
import { frameText, Latch, sseHeaders, type SseWriter } from './sse-writer.ts';
import type { StreamHub } from './stream-hub.ts';
import { scopeToOrg, type OrgScope } from '../auth/org-scope.ts';
import { StreamSession } from './stream-session.ts';
import { streamPage, type StreamPage } from './stream-page.ts';

const CATCH_UP_PAGE = 500;

export type ReviewStreamDeps = { db: Db; auth: AuthService; events: EventsService; hub: StreamHub };

/**
 * GET /reviews/{id}/stream. Authorization, validation and the 204/404/429 answers all happen before
 * the first byte; after that the stream is a loop of "catch up from the store, then wait for a
 * notification (or the heartbeat)", so a missed notification delays an event but never loses it.
 * While open, the listener is authorized again (StreamSession): every interval and at the token's
 * expiry, with the review still readable in their org.
 */
export async function streamReview(
  deps: ReviewStreamDeps,
  auth: AuthContext,
  reviewId: number,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const { db, events, hub } = deps;
  const review = await events.readableReview(auth, reviewId);
  // The review's own org: every viewer was authorized for this review, so reads shared among them
  // (hub.shared) return the same rows whoever started them.
  const scope = scopeToOrg(review.orgId);
  let cursor = resumePoint(request);
  if (isTerminal(toApiStatus(review.status)) && cursor >= review.lastSeq) {
    // Stops browsers' automatic reconnects to a review that has nothing more to say.
    return reply.status(204).send();
  }
  const slot = hub.acquire(auth);
  const session = new StreamSession(
    hub.clock,
    hub.settings,
    auth,
    async () => {
      const listener = await deps.auth.authenticate(credentialsOf(request));
      await events.readableReview(listener, reviewId);
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
  const unsubscribe = hub.router.onReview(reviewId, () => latch.signal());

  try {
    await out.write(`retry: ${hub.settings.retryMs}\n\n: connected\n\n`);
    while (!stop.signal.aborted && !out.closed) {
      // Before any delivery: nothing written after the session lapsed may reach the listener.
      if (await session.endIfDue(out)) break;
      latch.reset();
      // Queries are shared only among viewers woken by the same notification: one that started
      // before a newer commit could miss it, and the viewer would then sleep until the heartbeat.
      const version = hub.router.versionOf(reviewId);
      const caught = await catchUp(db, scope, hub, out, reviewId, cursor, version, () => session.msUntilDue() === 0);
      cursor = caught.cursor;
      const progress = caught.progress;
      if (!progress) break;
      const status = toApiStatus(progress.status);
      if (isTerminal(status) && cursor >= progress.lastSeq) {
        await out.frame({ event: 'end', data: { status, lastSeq: progress.lastSeq } });
        break;
      }
      const wait = Math.min(hub.settings.heartbeatMs, session.msUntilDue());
      const woken = await latch.wait(wait, stop.signal, (ms, signal) => hub.clock.sleep(ms, signal));
      if (!woken && !stop.signal.aborted && wait === hub.settings.heartbeatMs) await out.comment('ping');
    }
  } catch (error) {
    // After the first byte, failures end the stream; the client resumes from its last id.
    request.log.warn({ err: error, reviewId }, 'review stream ended by an error');
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

const frames = new WeakMap<EventRow, string>();
function frameOf(reviewId: number, row: EventRow): string {
  let text = frames.get(row);
  if (text === undefined) {
    text = frameText({ id: row.seq, event: row.type, data: toReviewEvent(reviewId, row) });
    frames.set(row, text);
  }
  return text;
}

async function catchUp(
  db: Db,
  scope: OrgScope,
  hub: StreamHub,
  out: SseWriter,
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
    // One write per page, and each frame serialised once however many viewers share these rows.
    if (rows.length > 0) await out.write(rows.map((row) => frameOf(reviewId, row)).join(''));
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
