import {
  errorCategoryTips,
  isErrorCategory,
  type BatchSummary,
  type Milestone,
  type Tip,
} from '@reviewtrace/contracts';

/** The few event types the detail page derives from (read through idx_review_events_type). */
export const derivationEventTypes = ['status', 'batch', 'parse', 'completion'] as const;

export interface StoredEvent {
  seq: number;
  ts: Date;
  type: string;
  level: string | null;
  batchId: string | null;
  data: Record<string, unknown>;
}

/** The host product's emitter says `started`/`completed` and `processing`; we speak the UI's words. */
const legacyStatus: Record<string, string> = { started: 'running', completed: 'success' };
const legacyBatchStatus: Record<string, string> = { processing: 'running', completed: 'success' };

export function normalizeStatus(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  return legacyStatus[raw] ?? raw;
}

/** A whole number the API can send back (another engine may have stored anything JSON allows). */
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER
    ? Math.round(value)
    : undefined;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const iso = (value: unknown, fallback: Date): string => {
  const text = str(value);
  return text && !Number.isNaN(Date.parse(text)) ? new Date(text).toISOString() : fallback.toISOString();
};

/** Batches in order of first appearance, each folded from its `batch` events in seq order. */
export function deriveBatches(events: StoredEvent[]): BatchSummary[] {
  const batches = new Map<string, BatchSummary>();
  for (const event of events) {
    if (event.type !== 'batch') continue;
    const batchId = str(event.data['batchId']) ?? event.batchId;
    if (!batchId) continue;
    const rawStatus = str(event.data['status']) ?? 'running';
    const status = legacyBatchStatus[rawStatus] ?? rawStatus;
    const batch =
      batches.get(batchId) ??
      ({
        batchId,
        status,
        fileCount: null,
        tokenEstimate: null,
        startedAt: null,
        finishedAt: null,
        durationMs: null,
        fallbackUsed: false,
        attempts: 0,
        commentCount: null,
      } satisfies BatchSummary);
    batches.set(batchId, batch);

    batch.status = status;
    const commentCount = num(event.data['commentCount']);
    const fileCount = num(event.data['fileCount']);
    // Legacy emitters report the comment count as `fileCount` on the completed batch event.
    if (rawStatus === 'completed' && commentCount === undefined && fileCount !== undefined) {
      batch.commentCount = fileCount;
    } else {
      if (fileCount !== undefined) batch.fileCount = fileCount;
      if (commentCount !== undefined) batch.commentCount = commentCount;
    }
    batch.tokenEstimate = num(event.data['tokenEstimate']) ?? batch.tokenEstimate;
    // Each of these starts an attempt: the first request, a retry, the plain request after a fallback.
    if (status === 'running' || status === 'retrying' || status === 'fallback') {
      batch.startedAt ??= iso(event.data['startedAt'], event.ts);
      batch.attempts = Math.max(batch.attempts + 1, num(event.data['attempt']) ?? 0);
    }
    if (status === 'fallback' || event.data['fallback'] !== undefined) batch.fallbackUsed = true;
    const carriedFrom = num(event.data['carriedFrom']);
    if (carriedFrom !== undefined) batch.carriedFrom = carriedFrom;
    if (status === 'success' || status === 'failed' || status === 'canceled') {
      batch.finishedAt = iso(event.data['finishedAt'], event.ts);
      // A batch canceled before it started made no attempt.
      if (status !== 'canceled') batch.attempts = Math.max(batch.attempts, 1);
    }
    const duration = num(event.data['durationMs']);
    if (duration !== undefined) batch.durationMs = duration;
    else if (batch.startedAt && batch.finishedAt) {
      batch.durationMs = Date.parse(batch.finishedAt) - Date.parse(batch.startedAt);
    }
  }
  return [...batches.values()];
}

export interface ReviewTimes {
  status: string;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
}

/**
 * Queued → Running → Batch N → Fallback used → Parsing → Completed/Failed, from the events, with the
 * review's own timestamps filling in for emitters that never sent a status event.
 */
export function deriveMilestones(review: ReviewTimes, events: StoredEvent[]): Milestone[] {
  const milestones: Milestone[] = [];
  const seen = new Set<string>();
  const add = (m: Milestone) => {
    const key = `${m.name}:${m.batchId ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    milestones.push(m);
  };
  const hasStatus = (s: string) => events.some((e) => e.type === 'status' && normalizeStatus(e.data['status']) === s);
  if (!hasStatus('queued')) add({ name: 'queued', at: review.createdAt.toISOString() });
  if (!hasStatus('running') && review.startedAt) add({ name: 'running', at: review.startedAt.toISOString() });

  for (const event of events) {
    const at = event.ts.toISOString();
    if (event.type === 'status') {
      const status = normalizeStatus(event.data['status']);
      if (status === 'queued' || status === 'running') add({ name: status, at });
      if (status === 'success') add({ name: 'completed', at });
      if (status === 'failed' || status === 'canceled') add({ name: status, at });
    } else if (event.type === 'batch') {
      const batchId = str(event.data['batchId']) ?? event.batchId ?? undefined;
      const status = normalizeBatch(event.data['status']);
      if (batchId && status === 'running') add({ name: 'batch', batchId, at });
      if (batchId && (status === 'fallback' || event.data['fallback'] !== undefined))
        add({ name: 'fallback', batchId, at });
    } else if (event.type === 'parse') {
      add({ name: 'parsing', at });
    }
  }
  const terminal = { completed: 'completed', failed: 'failed', canceled: 'canceled' } as const;
  const name = terminal[review.status as keyof typeof terminal];
  if (name && review.completedAt && !milestones.some((m) => m.name === name)) {
    add({ name, at: review.completedAt.toISOString() });
  }
  return milestones;
}

function normalizeBatch(raw: unknown): string | undefined {
  const status = str(raw);
  return status === undefined ? undefined : (legacyBatchStatus[status] ?? status);
}

export interface DerivedResult {
  summary: string | null;
  commentCount: number | null;
  errorSummary: string | null;
  errorCategory: string | null;
  tips: Tip[];
  partial: boolean;
}

/** The last completion event, if any; its tips, else the tip of its category. */
export function deriveResult(events: StoredEvent[]): DerivedResult | undefined {
  const completion = events.filter((e) => e.type === 'completion').at(-1);
  if (!completion) return undefined;
  const d = completion.data;
  const category = str(d['errorCategory']) ?? null;
  return {
    summary: str(d['resultSummary']) ?? null,
    commentCount: num(d['commentCount']) ?? null,
    errorSummary: str(d['errorSummary']) ?? null,
    errorCategory: category,
    tips: Array.isArray(d['tips']) ? d['tips'].filter(isTip) : tipsFor(category),
    partial: d['partial'] === true,
  };
}

export function tipsFor(category: string | null): Tip[] {
  if (!isErrorCategory(category)) return [];
  const tip = errorCategoryTips[category];
  return tip.text ? [tip] : [];
}

function isTip(value: unknown): value is Tip {
  const t = value as Partial<Tip> | null;
  return !!t && typeof t.code === 'string' && typeof t.title === 'string' && typeof t.text === 'string';
}
