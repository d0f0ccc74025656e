import {
  eventLevels,
  formatLogLine,
  IncomingEventSchema,
  MAX_EVENTS_PER_REQUEST,
  toApiStatus,
  type EventSearchQuery,
  type EventSearchResponse,
  type EventsPage,
  type EventsQuery,
  type FieldError,
  type IncomingEvent,
} from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import { readScope, type AuthContext } from '../auth/auth.service.ts';
import { requireAllowed, type AccessRule } from '../auth/access.ts';
import { badRequest, HttpError } from '../http/errors.ts';
import { reviewGate } from '../reviews/review-access.ts';
import { appendEvents, type AppendResult } from './event-store.ts';
import { toReviewEvent } from './event-envelope.ts';
import { allEvents, eventWindow, searchCandidates } from './events.repository.ts';
import { lineMatcher, searchPrefilter } from './log-search.ts';
import { redactDeep } from '../lib/redactor.ts';
import { capPayload } from '../lib/payload-caps.ts';
import type { EventToStore } from './review-effects.ts';

/**
 * Seqs per statement of the log search (seq is gap-free, so rows per read at most): ranges start
 * small and grow while candidates are sparse, since each statement costs a round trip (on PGlite a
 * few milliseconds) but a long one holds PGlite's single connection.
 */
const ingestEvents: AccessRule = { permission: 'events:ingest', action: 'append events (owner or super_admin)' };

export const SEARCH_MIN_SPAN = 2_000;
export const SEARCH_MAX_SPAN = 32_000;

export class EventsService {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The review if the caller may read it; another org's is indistinguishable from a missing one. */
  readonly readableReview = reviewGate(() => this.db);

  /**
   * Ingestion: the whole batch is validated before anything is stored; any invalid event → 400
   * listing each by index. Unknown types are stored as they are; malformed envelopes are not.
   */
  async ingest(auth: AuthContext, reviewId: number, rawEvents: unknown[]): Promise<Omit<AppendResult, 'firstSeq'>> {
    requireAllowed(auth, ingestEvents);
    if (rawEvents.length > MAX_EVENTS_PER_REQUEST) {
      throw new HttpError(
        413,
        'payload_too_large',
        `At most ${MAX_EVENTS_PER_REQUEST} events per request; got ${rawEvents.length}`,
      );
    }
    const review = await this.readableReview(auth, reviewId);
    const errors: FieldError[] = [];
    const valid: IncomingEvent[] = [];
    rawEvents.forEach((raw, index) => {
      const parsed = IncomingEventSchema.safeParse(raw);
      if (parsed.success) valid.push(parsed.data);
      else
        for (const issue of parsed.error.issues)
          errors.push({ field: ['events', index, ...issue.path].join('.'), message: issue.message });
    });
    if (errors.length > 0)
      throw badRequest(
        `${new Set(errors.map((e) => e.field.split('.')[1])).size} invalid event(s); nothing was stored`,
        errors,
      );

    const now = this.now();
    const result = await appendEvents(
      this.db,
      { id: review.id, orgId: review.orgId },
      valid.map((event) => toStoredEvent(event, now)),
    );
    return { accepted: result.accepted, duplicates: result.duplicates, lastSeq: result.lastSeq };
  }

  async window(auth: AuthContext, reviewId: number, query: EventsQuery): Promise<EventsPage> {
    const review = await this.readableReview(auth, reviewId);
    const { rows, more } = await eventWindow(this.db, readScope(auth), reviewId, {
      after: query.after ?? (query.before === undefined && query.tail === undefined ? 0 : undefined),
      before: query.before,
      tail: query.tail,
      limit: query.limit,
      types: query.type,
      levels: query.level,
      batchIds: query.batch_id,
    });
    const events = rows.map((row) => toReviewEvent(reviewId, row));
    return {
      events,
      // The cursor to poll from next: the newest seq returned, else where the caller already was.
      nextCursor:
        events.at(-1)?.seq ??
        query.after ??
        (query.before === undefined ? review.lastSeq : Math.max(0, query.before - 1)),
      hasMore: more,
      reviewStatus: toApiStatus(review.status),
    };
  }

  /**
   * Search the review's whole log, from `after` to its last event when the search starts, for lines
   * containing `q` (log-search.ts); stops at `limit` matches. Events appended meanwhile are left
   * for the next search from `scannedThrough`.
   */
  async search(auth: AuthContext, reviewId: number, query: EventSearchQuery): Promise<EventSearchResponse> {
    const review = await this.readableReview(auth, reviewId);
    const prefilter = searchPrefilter(query.q);
    const matchesLine = lineMatcher(query.q);
    const filters = { types: query.type, levels: query.level, batchIds: query.batch_id };
    const start = query.after ?? 0;
    const end = review.lastSeq;
    const matches: number[] = [];
    let span = SEARCH_MIN_SPAN;
    for (let after = start; after < end;) {
      const through = Math.min(after + span, end);
      const rows = await searchCandidates(this.db, readScope(auth), reviewId, { after, through }, filters, prefilter);
      for (const row of rows) {
        if (!matchesLine(toReviewEvent(reviewId, row))) continue;
        matches.push(row.seq);
        if (matches.length === query.limit) {
          const more = row.seq < end;
          return { matches, hasMore: more, nextCursor: more ? row.seq : null, scannedThrough: row.seq };
        }
      }
      after = through;
      span = rows.length < span / 8 ? Math.min(span * 2, SEARCH_MAX_SPAN) : SEARCH_MIN_SPAN;
    }
    return { matches, hasMore: false, nextCursor: null, scannedThrough: Math.max(start, end) };
  }

  /**
   * The full log, streamed line by line; readable mid-run (it ends at the events stored so far).
   * Access is checked before the first line, so a 404 is still an answer and not a broken download.
   */
  async logLines(auth: AuthContext, reviewId: number, format: 'text' | 'ndjson'): Promise<AsyncGenerator<string>> {
    await this.readableReview(auth, reviewId);
    const rows = allEvents(this.db, readScope(auth), reviewId);
    return (async function* () {
      for await (const row of rows) {
        const event = toReviewEvent(reviewId, row);
        yield format === 'ndjson' ? `${JSON.stringify(event)}\n` : `${formatLogLine(event)}\n`;
      }
    })();
  }
}

const levelSet = new Set<string>(eventLevels);

export function toStoredEvent(event: IncomingEvent, now: Date): EventToStore {
  const data = capPayload(redactDeep(event.data));
  const dataLevel = typeof data['level'] === 'string' && levelSet.has(data['level']) ? data['level'] : null;
  const dataBatch = typeof data['batchId'] === 'string' ? data['batchId'] : null;
  return {
    eventId: event.eventId ?? null,
    ts: event.time ? new Date(event.time) : now,
    type: event.type,
    level: event.level ?? dataLevel,
    batchId: event.batchId ?? dataBatch,
    data,
  };
}
