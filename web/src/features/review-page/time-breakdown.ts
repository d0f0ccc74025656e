import type { ReviewEvent } from '@reviewtrace/contracts';

/**
 * "Where the time went" for a whole review, from its events. Accounting: wall-clock, from queued
 * to the end (or now while it runs), so the parts add up to the review's duration. While batches
 * run in parallel, each moment is shared evenly between what the running batches were doing then
 * (two batches, one generating and one backing off: half a second each per second). Outside the
 * batches the review itself says what it was doing (queued, fetching the diff, posting).
 */
export const timeCategories = [
  'queue',
  'fetch',
  'load',
  'promptEval',
  'generation',
  'noAnswer',
  'backoff',
  'parse',
  'post',
  'other',
] as const;
export type TimeCategory = (typeof timeCategories)[number];

export interface TimePart {
  category: TimeCategory;
  ms: number;
}

export interface TimeBreakdown {
  /** Queued (or the first event) to the end, or to `now` while the review runs. */
  totalMs: number;
  /** Non-zero parts in `timeCategories` order; their sum is `totalMs` (up to rounding). */
  parts: TimePart[];
  /** The most batches that ran at the same moment: above 1, the legend explains the sharing. */
  maxParallel: number;
  running: boolean;
}

/** The event types the breakdown reads; the page asks the server for these only. */
export const timeEventTypes = ['status', 'batch', 'model_call', 'parse', 'posting'] as const;

interface Span {
  from: number;
  to: number;
  category: TimeCategory;
  /** Within a batch, a higher rank wins where spans overlap (a call over the batch's own time). */
  rank: number;
}

const rank = { other: 0, queue: 1, backoff: 2, parse: 3, call: 4 } as const;
const terminalStatuses = new Set(['success', 'failed', 'canceled', 'completed']);
const batchEnds = new Set(['success', 'failed', 'canceled', 'completed']);

interface BatchTrack {
  begin?: number;
  finish?: number;
  spans: Span[];
  /** A `retrying` batch waits until its next call starts. */
  backoffFrom?: number;
  /** A `waiting` batch (no free connector slot) likewise; a call's `queueMs` says the same span. */
  slotWaitFrom?: number;
  /** Call starts by attempt, for ends that carry no duration. */
  callStarts: Map<number, number>;
  /** The last answer, waiting for its parse event. */
  answeredAt?: number;
}

/**
 * The breakdown of `events` (any order; status, batch, model_call, parse and posting matter).
 * Fields an older engine leaves out only make a part coarser: no model_call events and a batch is
 * "other"; no `durationMs` on a call end and its start event bounds it; no load or prompt-eval
 * times and the whole answer counts as generation.
 */
export function timeBreakdown(events: readonly ReviewEvent[], now: number): TimeBreakdown {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  let queuedAt: number | undefined;
  let runningAt: number | undefined;
  let endAt: number | undefined;
  let firstBatchAt: number | undefined;
  let lastPostAt: number | undefined;
  const batches = new Map<string, BatchTrack>();
  const track = (id: string): BatchTrack => {
    let found = batches.get(id);
    if (!found) batches.set(id, (found = { spans: [], callStarts: new Map() }));
    return found;
  };

  for (const event of sorted) {
    const at = Date.parse(event.time);
    if (!Number.isFinite(at)) continue;
    const data = event.data;
    const status = data['status'];
    if (event.type === 'status') {
      if (status === 'queued') queuedAt ??= at;
      else if (status === 'running' || status === 'started') runningAt ??= at;
      else if (typeof status === 'string' && terminalStatuses.has(status)) endAt = at;
      continue;
    }
    if (event.type === 'posting') {
      lastPostAt = at;
      continue;
    }
    const batchId = event.batchId ?? stringOf(data['batchId']);
    if (batchId === undefined) continue;
    const batch = track(batchId);
    if (event.type === 'batch') {
      firstBatchAt ??= at;
      if (status === 'running' || status === 'processing') batch.begin ??= timeOf(data['startedAt']) ?? at;
      if (status === 'retrying') batch.backoffFrom = at;
      if (status === 'waiting') batch.slotWaitFrom = at;
      if (typeof status === 'string' && batchEnds.has(status)) {
        batch.finish = timeOf(data['finishedAt']) ?? at;
        closeWaits(batch, batch.finish);
      }
    } else if (event.type === 'model_call') {
      addCall(batch, data, at);
    } else if (event.type === 'parse' && batch.answeredAt !== undefined) {
      batch.spans.push({ from: batch.answeredAt, to: at, category: 'parse', rank: rank.parse });
      batch.answeredAt = undefined;
    }
  }

  const start = queuedAt ?? runningAt ?? firstTime(sorted) ?? now;
  const running = endAt === undefined;
  const end = Math.max(start, endAt ?? now);

  // Open ends: a batch or call still going runs to now; one the review left behind (canceled while
  // running) stops at the review's end rather than past it.
  const lanes: Span[][] = [];
  let lastBatchEnd: number | undefined;
  for (const batch of batches.values()) {
    closeWaits(batch, end);
    const begin = batch.begin ?? Math.min(...batch.spans.map((s) => s.from), Number.POSITIVE_INFINITY);
    if (!Number.isFinite(begin)) continue;
    const finish = Math.min(batch.finish ?? end, end);
    for (const [, startedAt] of batch.callStarts) {
      batch.spans.push({
        from: startedAt,
        to: finish,
        category: running ? 'generation' : 'noAnswer',
        rank: rank.call,
      });
    }
    const lane = flatten(
      [{ from: begin, to: finish, category: 'other', rank: rank.other }, ...batch.spans],
      start,
      end,
    );
    lanes.push(lane);
    lastBatchEnd = Math.max(lastBatchEnd ?? start, lane.at(-1)?.to ?? start);
  }

  const review: Span[] = [];
  if (runningAt !== undefined && runningAt > start) review.push(span(start, runningAt, 'queue'));
  if (runningAt !== undefined) review.push(span(runningAt, firstBatchAt ?? end, 'fetch'));
  if (lastPostAt !== undefined) review.push(span(lastBatchEnd ?? runningAt ?? start, lastPostAt, 'post'));

  const { totals, maxParallel } = sweep(lanes, flatten(review, start, end), start, end);
  const parts = timeCategories.filter((c) => totals[c] > 0).map((category) => ({ category, ms: totals[category] }));
  return { totalMs: end - start, parts, maxParallel, running };
}

function addCall(batch: BatchTrack, data: Record<string, unknown>, at: number) {
  const attempt = numberOf(data['attempt']) ?? 0;
  const phase = data['phase'];
  if (phase === 'start') {
    closeWaits(batch, at);
    batch.callStarts.set(attempt, at);
    return;
  }
  if (phase !== 'end') return;
  const startedAt = batch.callStarts.get(attempt);
  batch.callStarts.delete(attempt);
  const duration = numberOf(data['durationMs']) ?? (startedAt === undefined ? 0 : at - startedAt);
  const from = at - duration;
  const queueMs = numberOf(data['queueMs']);
  if (queueMs) batch.spans.push({ from: from - queueMs, to: from, category: 'queue', rank: rank.queue });
  if (data['error'] !== undefined) {
    batch.spans.push({ from, to: at, category: 'noAnswer', rank: rank.call });
    return;
  }
  // Ollama loads the model, reads the prompt, then generates: in that order within the call.
  const load = Math.min(numberOf(data['loadMs']) ?? 0, duration);
  const promptEval = Math.min(numberOf(data['promptEvalMs']) ?? 0, duration - load);
  batch.spans.push(
    { from, to: from + load, category: 'load', rank: rank.call },
    { from: from + load, to: from + load + promptEval, category: 'promptEval', rank: rank.call },
    { from: from + load + promptEval, to: at, category: 'generation', rank: rank.call },
  );
  batch.answeredAt = at;
}

/** Ends the batch's open waits (a backoff, a wait for a slot) at `at`: its next call, or its end. */
function closeWaits(batch: BatchTrack, at: number) {
  if (batch.backoffFrom !== undefined)
    batch.spans.push({ from: batch.backoffFrom, to: at, category: 'backoff', rank: rank.backoff });
  if (batch.slotWaitFrom !== undefined)
    batch.spans.push({ from: batch.slotWaitFrom, to: at, category: 'queue', rank: rank.queue });
  batch.backoffFrom = undefined;
  batch.slotWaitFrom = undefined;
}

/** One lane's spans as disjoint pieces clamped to [start, end]; the highest rank wins an overlap. */
function flatten(spans: Span[], start: number, end: number): Span[] {
  const clamped = spans
    .map((s) => ({ ...s, from: Math.max(s.from, start), to: Math.min(s.to, end) }))
    .filter((s) => s.to > s.from);
  const cuts = [...new Set(clamped.flatMap((s) => [s.from, s.to]))].sort((a, b) => a - b);
  const pieces: Span[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i]!;
    const to = cuts[i + 1]!;
    let top: Span | undefined;
    // Later spans of equal rank win: a retry's call paints over the earlier attempt's tail.
    for (const s of clamped) if (s.from <= from && s.to >= to && (!top || s.rank >= top.rank)) top = s;
    if (!top) continue;
    const last = pieces.at(-1);
    if (last && last.to === from && last.category === top.category) last.to = to;
    else pieces.push({ from, to, category: top.category, rank: top.rank });
  }
  return pieces;
}

/** Walks the time axis once: batch lanes share each moment evenly; with none active, the review's lane. */
function sweep(lanes: Span[][], review: Span[], start: number, end: number) {
  const totals = Object.fromEntries(timeCategories.map((c) => [c, 0])) as Record<TimeCategory, number>;
  const changes: { at: number; lane: number; category: TimeCategory | null }[] = [];
  lanes.forEach((lane, index) => {
    for (const piece of lane) {
      changes.push({ at: piece.from, lane: index, category: piece.category });
      changes.push({ at: piece.to, lane: index, category: null });
    }
  });
  // At one instant, ends before starts, so abutting pieces of one lane never count twice.
  changes.sort((a, b) => a.at - b.at || (a.category === null ? -1 : 0) - (b.category === null ? -1 : 0));
  const cuts = [...new Set([start, end, ...changes.map((c) => c.at), ...review.flatMap((s) => [s.from, s.to])])]
    .filter((t) => t >= start && t <= end)
    .sort((a, b) => a - b);
  const active = new Map<number, TimeCategory>();
  let next = 0;
  let maxParallel = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i]!;
    const to = cuts[i + 1]!;
    for (; next < changes.length && changes[next]!.at <= from; next++) {
      const change = changes[next]!;
      if (change.category === null) active.delete(change.lane);
      else active.set(change.lane, change.category);
    }
    const length = to - from;
    if (active.size > 0) {
      maxParallel = Math.max(maxParallel, active.size);
      for (const category of active.values()) totals[category] += length / active.size;
    } else {
      const own = review.find((s) => s.from <= from && s.to >= to);
      totals[own?.category ?? 'other'] += length;
    }
  }
  return { totals, maxParallel };
}

const span = (from: number, to: number, category: TimeCategory): Span => ({ from, to, category, rank: 0 });

function firstTime(events: ReviewEvent[]): number | undefined {
  const times = events.map((e) => Date.parse(e.time)).filter(Number.isFinite);
  return times.length > 0 ? Math.min(...times) : undefined;
}

const timeOf = (value: unknown) => {
  const parsed = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
};
const numberOf = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const stringOf = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
