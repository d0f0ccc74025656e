import { describe, expect, it } from 'vitest';
import type { ReviewEvent } from '@reviewtrace/contracts';
import { timeBreakdown, type TimeBreakdown, type TimeCategory } from './time-breakdown.ts';

const base = Date.UTC(2026, 0, 1);
const at = (ms: number) => new Date(base + ms).toISOString();

/** Events in the order given; `seq` follows it. */
function stream(...events: [number, string, Record<string, unknown>, string?][]): ReviewEvent[] {
  return events.map(([ms, type, data, batchId], index) => ({
    seq: index + 1,
    reviewId: 1,
    type,
    time: at(ms),
    level: 'info',
    batchId: batchId ?? null,
    data,
  }));
}
const status = (ms: number, value: string): [number, string, Record<string, unknown>] => [
  ms,
  'status',
  { status: value },
];
const batch = (ms: number, id: string, value: string): [number, string, Record<string, unknown>, string] => [
  ms,
  'batch',
  { batchId: id, status: value },
  id,
];
const call = (
  ms: number,
  id: string,
  data: Record<string, unknown>,
): [number, string, Record<string, unknown>, string] => [ms, 'model_call', { batchId: id, attempt: 1, ...data }, id];
const parse = (ms: number, id: string): [number, string, Record<string, unknown>, string] => [
  ms,
  'parse',
  { batchId: id, outcome: 'ok' },
  id,
];

const partsOf = (breakdown: TimeBreakdown) =>
  Object.fromEntries(breakdown.parts.map((p) => [p.category, Math.round(p.ms)])) as Partial<
    Record<TimeCategory, number>
  >;
const sum = (breakdown: TimeBreakdown) => breakdown.parts.reduce((total, p) => total + p.ms, 0);

describe('where the time went', () => {
  it('splits one batch into queue, fetch, load, prompt eval, generation, parse, post and other', () => {
    const breakdown = timeBreakdown(
      stream(
        status(0, 'queued'),
        status(2_000, 'running'),
        batch(3_000, 'batch-1', 'queued'),
        batch(3_100, 'batch-1', 'running'),
        call(3_200, 'batch-1', { phase: 'start' }),
        call(13_200, 'batch-1', { phase: 'end', durationMs: 10_000, loadMs: 1_500, promptEvalMs: 500 }),
        parse(13_300, 'batch-1'),
        batch(13_400, 'batch-1', 'success'),
        [14_000, 'posting', { path: 'a.ts', line: 1, outcome: 'posted' }],
        [15_000, 'posting', { path: null, outcome: 'posted' }],
        status(15_500, 'success'),
      ),
      base + 99_000,
    );
    expect(breakdown.totalMs).toBe(15_500);
    expect(breakdown.running).toBe(false);
    expect(partsOf(breakdown)).toEqual({
      queue: 2_000,
      fetch: 1_000,
      load: 1_500,
      promptEval: 500,
      generation: 8_000,
      parse: 100,
      post: 1_600,
      // Batch planning before the batch ran, the call's setup, after the parse, and after posting.
      other: 100 + 100 + 100 + 500,
    });
    expect(sum(breakdown)).toBeCloseTo(15_500, 6);
  });

  it('shares each moment evenly between parallel batches, so the parts still add up to wall-clock', () => {
    const breakdown = timeBreakdown(
      stream(
        status(0, 'running'),
        batch(0, 'batch-1', 'running'),
        batch(0, 'batch-2', 'running'),
        call(0, 'batch-1', { phase: 'start' }),
        call(0, 'batch-2', { phase: 'start' }),
        call(4_000, 'batch-1', { phase: 'end', durationMs: 4_000 }),
        parse(4_000, 'batch-1'),
        batch(4_000, 'batch-1', 'success'),
        call(8_000, 'batch-2', { phase: 'end', durationMs: 8_000 }),
        parse(8_000, 'batch-2'),
        batch(8_000, 'batch-2', 'success'),
        status(8_000, 'success'),
      ),
      base,
    );
    expect(breakdown.maxParallel).toBe(2);
    // 0–4 s: both generating (4 s); 4–8 s: only batch 2 (4 s). Summed per batch it would be 12 s.
    expect(partsOf(breakdown)).toEqual({ generation: 8_000 });
    expect(breakdown.totalMs).toBe(8_000);
  });

  it('counts a rate-limit wait as backoff and the failed attempt as no answer', () => {
    const breakdown = timeBreakdown(
      stream(
        status(0, 'running'),
        batch(0, 'batch-1', 'running'),
        call(0, 'batch-1', { phase: 'start' }),
        call(1_000, 'batch-1', { phase: 'end', durationMs: 1_000, error: '429 Too Many Requests', httpStatus: 429 }),
        [1_000, 'batch', { batchId: 'batch-1', status: 'retrying', attempt: 2 }, 'batch-1'],
        call(31_000, 'batch-1', { phase: 'start', attempt: 2 }),
        call(33_000, 'batch-1', { phase: 'end', attempt: 2, durationMs: 2_000 }),
        parse(33_000, 'batch-1'),
        batch(33_000, 'batch-1', 'success'),
        status(33_000, 'success'),
      ),
      base,
    );
    expect(partsOf(breakdown)).toEqual({ noAnswer: 1_000, backoff: 30_000, generation: 2_000 });
  });

  it('counts queueMs on a call as waiting in the queue for a connector slot', () => {
    const breakdown = timeBreakdown(
      stream(
        status(0, 'running'),
        batch(0, 'batch-1', 'running'),
        call(5_000, 'batch-1', { phase: 'start' }),
        call(7_000, 'batch-1', { phase: 'end', durationMs: 2_000, queueMs: 5_000 }),
        batch(7_000, 'batch-1', 'success'),
        status(7_000, 'success'),
      ),
      base,
    );
    expect(partsOf(breakdown)).toEqual({ queue: 5_000, generation: 2_000 });
  });

  it('counts a batch waiting for a free connector slot once, whether said by status, queueMs or both', () => {
    const breakdown = timeBreakdown(
      stream(
        status(0, 'running'),
        batch(0, 'batch-1', 'running'),
        batch(0, 'batch-1', 'waiting'),
        call(4_000, 'batch-1', { phase: 'start' }),
        call(6_000, 'batch-1', { phase: 'end', durationMs: 2_000, queueMs: 4_000 }),
        batch(6_000, 'batch-1', 'success'),
        status(6_000, 'success'),
      ),
      base,
    );
    expect(partsOf(breakdown)).toEqual({ queue: 4_000, generation: 2_000 });
  });

  it('reads an older engine’s events: legacy statuses, no model calls, no durations', () => {
    const breakdown = timeBreakdown(
      stream(
        status(0, 'started'),
        batch(1_000, 'batch-1', 'processing'),
        call(1_000, 'batch-1', { phase: 'start' }),
        // No durationMs, no usage: the start event bounds the call, all of it generation.
        call(6_000, 'batch-1', { phase: 'end' }),
        batch(6_000, 'batch-1', 'completed'),
        batch(6_000, 'batch-2', 'processing'),
        batch(9_000, 'batch-2', 'completed'),
        status(10_000, 'completed'),
      ),
      base,
    );
    expect(partsOf(breakdown)).toEqual({ fetch: 1_000, generation: 5_000, other: 4_000 });
    expect(breakdown.running).toBe(false);
  });

  it('runs to now while the review runs, the open call counted as generation', () => {
    const breakdown = timeBreakdown(
      stream(
        status(0, 'queued'),
        status(1_000, 'running'),
        batch(2_000, 'batch-1', 'running'),
        call(2_000, 'batch-1', { phase: 'start', streaming: true }),
        call(3_000, 'batch-1', { phase: 'progress', chunks: 3 }),
      ),
      base + 12_000,
    );
    expect(breakdown.running).toBe(true);
    expect(breakdown.totalMs).toBe(12_000);
    expect(partsOf(breakdown)).toEqual({ queue: 1_000, fetch: 1_000, generation: 10_000 });
  });

  it('stops a call that a cancel cut short at the review’s end, as no answer', () => {
    const breakdown = timeBreakdown(
      stream(
        status(0, 'running'),
        batch(0, 'batch-1', 'running'),
        call(0, 'batch-1', { phase: 'start' }),
        status(5_000, 'canceled'),
      ),
      base + 60_000,
    );
    expect(breakdown.totalMs).toBe(5_000);
    expect(partsOf(breakdown)).toEqual({ noAnswer: 5_000 });
  });

  it('is empty for a review with no events yet', () => {
    expect(timeBreakdown([], base)).toEqual({ totalMs: 0, parts: [], maxParallel: 0, running: true });
  });
});
