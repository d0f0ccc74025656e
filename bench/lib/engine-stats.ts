import type { Db } from '../../server/src/db/database.ts';
import type { Notified, ScenarioRun } from './engine-run.ts';

/** What one scenario measured, derived from the stored reviews and events plus the run's probes. */
export interface ScenarioStats {
  reviews: number;
  statuses: Record<string, number>;
  /** Creation of the first review → commit of the last terminal status. */
  wallMs: number;
  reviewsPerMinute: number;
  batchesPerReview: number;
  /** reviews.last_seq: every event the review stored. */
  eventsPerReview: number[];
  /** Mean events of each type per review (from reviews.event_counts). */
  eventsByType: Record<string, number>;
  /** Per batch, from its own events: 'running' → done (batch durationMs), model call (model_call end). */
  batchWallMs: number[];
  modelEventMs: number[];
  /** The simulated answer as the engine received it: stream chunks and characters per model call. */
  modelChunks: number[];
  modelChars: number[];
  overheadMs: number[];
  /** Claim (reviews.started_at) → first batch running; last batch done → terminal status logged. */
  beforeBatchesMs: number[];
  afterBatchesMs: number[];
  /** Every event: its ts (the log() call) → the NOTIFY of the commit that stored it. */
  logToStoredMs: number[];
}

interface StoredEvent {
  reviewId: number;
  seq: number;
  ts: Date;
  type: string;
  batchId: string | null;
  data: Record<string, unknown>;
}

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/** The first notification at or after `seq` is the commit that stored it (notifications are in commit order). */
function commitAt(list: readonly Notified[] | undefined, seq: number): number | undefined {
  return list?.find((n) => n.seq >= seq)?.at;
}

export async function scenarioStats(db: Db, run: ScenarioRun): Promise<ScenarioStats> {
  const ids = run.reviewIds;
  const reviews = await db
    .selectFrom('reviews')
    .select(['id', 'status', 'started_at', 'last_seq', 'event_counts', 'batches_total'])
    .where('id', 'in', ids)
    .execute();
  const rows = await db
    .selectFrom('review_events')
    .select(['review_id', 'seq', 'ts', 'event_type', 'batch_id', 'data'])
    .where('review_id', 'in', ids)
    .orderBy('review_id')
    .orderBy('seq')
    .execute();
  const events: StoredEvent[] = rows.map((r) => ({
    reviewId: r.review_id,
    seq: r.seq,
    ts: r.ts,
    type: r.event_type,
    batchId: r.batch_id,
    data: r.data as Record<string, unknown>,
  }));

  const statuses: Record<string, number> = {};
  const eventsByType: Record<string, number> = {};
  for (const review of reviews) {
    statuses[review.status] = (statuses[review.status] ?? 0) + 1;
    for (const [type, n] of Object.entries(review.event_counts as Record<string, number>))
      eventsByType[type] = (eventsByType[type] ?? 0) + n / reviews.length;
  }

  const batchWall = new Map<string, number>();
  const modelMs = new Map<string, number>();
  const modelChunks: number[] = [];
  const modelChars: number[] = [];
  const firstRunning = new Map<number, number>();
  const lastBatchDone = new Map<number, number>();
  const terminalSeq = new Map<number, { seq: number; ts: number }>();
  const logToStoredMs: number[] = [];
  for (const e of events) {
    const key = `${e.reviewId}/${e.batchId}`;
    const at = e.ts.getTime();
    if (e.type === 'batch' && e.data['status'] === 'running' && !firstRunning.has(e.reviewId))
      firstRunning.set(e.reviewId, at);
    if (e.type === 'batch' && (e.data['status'] === 'success' || e.data['status'] === 'failed')) {
      const ms = num(e.data['durationMs']);
      if (ms !== undefined) batchWall.set(key, ms);
      lastBatchDone.set(e.reviewId, Math.max(lastBatchDone.get(e.reviewId) ?? 0, at));
    }
    if (e.type === 'model_call' && e.data['phase'] === 'end') {
      const ms = num(e.data['durationMs']);
      if (ms !== undefined) modelMs.set(key, ms);
      modelChunks.push(num(e.data['chunks']) ?? 0);
      modelChars.push(num(e.data['chars']) ?? 0);
    }
    if (e.type === 'status' && ['success', 'failed', 'canceled'].includes(String(e.data['status'])))
      terminalSeq.set(e.reviewId, { seq: e.seq, ts: at });
    const committed = commitAt(run.notifications.get(e.reviewId), e.seq);
    if (committed !== undefined) logToStoredMs.push(committed - at);
  }

  const overheadMs: number[] = [];
  for (const [key, wall] of batchWall) {
    const model = modelMs.get(key);
    if (model !== undefined) overheadMs.push(wall - model);
  }
  const beforeBatchesMs: number[] = [];
  const afterBatchesMs: number[] = [];
  let lastTerminal = 0;
  for (const review of reviews) {
    const first = firstRunning.get(review.id);
    const terminal = terminalSeq.get(review.id);
    const lastDone = lastBatchDone.get(review.id);
    if (first !== undefined && review.started_at) beforeBatchesMs.push(first - review.started_at.getTime());
    if (terminal && lastDone !== undefined) afterBatchesMs.push(terminal.ts - lastDone);
    if (terminal) {
      // Commit seen through NOTIFY; the event's own ts if the notification was missed.
      const committed = commitAt(run.notifications.get(review.id), terminal.seq) ?? terminal.ts;
      lastTerminal = Math.max(lastTerminal, committed);
    }
  }
  const finished = Object.entries(statuses)
    .filter(([status]) => status !== 'created' && status !== 'in_progress')
    .reduce((sum, [, n]) => sum + n, 0);
  const wallMs = lastTerminal > 0 ? lastTerminal - run.startedAt : run.polledWallMs;
  const batchTotals = reviews.map((r) => r.batches_total ?? 0);

  return {
    reviews: ids.length,
    statuses,
    wallMs,
    reviewsPerMinute: (finished / wallMs) * 60_000,
    batchesPerReview: batchTotals.reduce((a, b) => a + b, 0) / Math.max(1, batchTotals.length),
    eventsPerReview: reviews.map((r) => r.last_seq),
    eventsByType,
    batchWallMs: [...batchWall.values()],
    modelEventMs: [...modelMs.values()],
    modelChunks,
    modelChars,
    overheadMs,
    beforeBatchesMs,
    afterBatchesMs,
    logToStoredMs,
  };
}
