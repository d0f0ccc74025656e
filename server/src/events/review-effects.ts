import {
  apiToDbStatus,
  canTransition,
  isTerminal,
  toApiStatus,
  type ApiStatus,
  type DbStatus,
  ReviewUsageSchema,
  type ReviewUsage,
  isReviewOutcome,
  type ReviewOutcome,
} from '@reviewtrace/contracts';
import { normalizeStatus } from '../reviews/review-derivations.ts';

/** An event as it is about to be stored (seq assigned by the store). */
export interface EventToStore {
  eventId: string | null;
  ts: Date;
  type: string;
  level: string | null;
  batchId: string | null;
  data: Record<string, unknown>;
}

export interface ReviewState {
  status: string;
  errorSummary: string | null;
}

/** What a batch of events changes on its review row, beyond the counters the trigger keeps. */
export interface ReviewEffects {
  status?: DbStatus;
  startedAt?: Date;
  completedAt?: Date;
  commentCount?: number;
  errorSummary?: string | null;
  errorCategory?: string | null;
  resultSummary?: string | null;
  /** The totals a completion reported (an engine that sends none leaves the columns as they are). */
  usage?: ReviewUsage;
  /** The completion's outcome (or, from an engine that names none, what its fields imply). */
  outcome?: { outcome: ReviewOutcome | null; reason: string | null; failedBatches: string[] | null };
  recountBatches: boolean;
  /**
   * Batches that began (value) or stopped (null) waiting, for the row's `waiting_batches`;
   * `clearWaiting` when the review ended (nothing of it waits any more).
   */
  waiting: Map<string, { reason: string; until: string | null } | null>;
  clearWaiting: boolean;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const time = (v: unknown, fallback: Date) => {
  const text = str(v);
  return text && !Number.isNaN(Date.parse(text)) ? new Date(text) : fallback;
};

/**
 * Status and completion events move the review forward only: a late `running` after `success`
 * changes nothing. The legacy `completed` status means success unless a completion reported an
 * error, which the host product's emitter signals only through `errorSummary`.
 */
export function effectsOf(current: ReviewState, events: EventToStore[]): ReviewEffects {
  const effects: ReviewEffects = { recountBatches: false, waiting: new Map(), clearWaiting: false };
  let status: ApiStatus = toApiStatus(current.status);
  let errorSummary = current.errorSummary;

  for (const event of events) {
    if (event.type === 'batch') {
      effects.recountBatches = true;
      noteWaiting(effects.waiting, event);
    }
    if (event.type === 'completion') {
      const d = event.data;
      if (typeof d['commentCount'] === 'number' && d['commentCount'] <= 2_147_483_647) {
        effects.commentCount = Math.max(0, Math.round(d['commentCount']));
      }
      if (typeof d['resultSummary'] === 'string') effects.resultSummary = d['resultSummary'];
      if ('errorSummary' in d) effects.errorSummary = str(d['errorSummary']) ?? null;
      if ('errorCategory' in d) effects.errorCategory = str(d['errorCategory']) ?? null;
      if (effects.errorSummary !== undefined) errorSummary = effects.errorSummary;
      const usage = ReviewUsageSchema.safeParse(d['usage']);
      if (usage.success) effects.usage = usage.data;
      effects.outcome = outcomeOf(d);
    }
    if (event.type === 'status') {
      const raw = str(event.data['status']);
      let next = normalizeStatus(raw) as ApiStatus | undefined;
      if (raw === 'completed' && errorSummary) next = 'failed';
      if (!next || !(next in apiToDbStatus) || !canTransition(status, next)) continue;
      if (next === 'running') effects.startedAt = time(event.data['startedAt'], event.ts);
      if (isTerminal(next)) {
        effects.completedAt = time(event.data['finishedAt'], event.ts);
        effects.clearWaiting = true;
        effects.waiting.clear();
      }
      status = next;
      effects.status = apiToDbStatus[next];
    }
  }
  return effects;
}

/** A `batch` event with status `waiting` starts its batch's wait; any other status of that batch ends it. */
function noteWaiting(waiting: ReviewEffects['waiting'], event: EventToStore) {
  const batchId = str(event.data['batchId']) ?? event.batchId;
  if (!batchId) return;
  if (event.data['status'] !== 'waiting') {
    waiting.set(batchId, null);
    return;
  }
  const wait = event.data['wait'];
  const detail = typeof wait === 'object' && wait !== null ? (wait as Record<string, unknown>) : {};
  const reason = str(detail['reason']) ?? 'slot';
  const retryAt = str(detail['retryAt']);
  waiting.set(batchId, { reason, until: retryAt && !Number.isNaN(Date.parse(retryAt)) ? retryAt : null });
}

/**
 * The outcome a completion names; for engines that name none (the host product's, older ones) the
 * one its fields imply: canceled none, an error without `partial` failed, `partial` partial, else
 * findings or clean by its comments — such an engine cannot tell us it read nothing.
 */
function outcomeOf(d: Record<string, unknown>): NonNullable<ReviewEffects['outcome']> {
  const failedBatches = Array.isArray(d['failedBatches'])
    ? d['failedBatches'].filter((b): b is string => typeof b === 'string')
    : null;
  const reason = str(d['outcomeReason']) ?? null;
  if (isReviewOutcome(d['outcome'])) return { outcome: d['outcome'], reason, failedBatches };
  const errorSummary = str(d['errorSummary']);
  let outcome: ReviewOutcome | null;
  if (d['errorCategory'] === 'canceled') outcome = null;
  else if (d['partial'] === true) outcome = 'partial';
  else if (errorSummary) outcome = 'failed';
  else outcome = typeof d['commentCount'] === 'number' && d['commentCount'] > 0 ? 'findings' : 'clean';
  return { outcome, reason: outcome === 'failed' ? (errorSummary ?? null) : reason, failedBatches };
}
