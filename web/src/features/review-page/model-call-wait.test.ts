import { describe, expect, it } from 'vitest';
import type { ReviewEvent } from '@reviewtrace/contracts';
import { describeWait, longestWait, openStreamingCalls } from './model-call-wait.ts';

const t0 = Date.parse('2026-01-01T12:00:00Z');
let seq = 0;
const event = (
  type: string,
  atS: number,
  data: Record<string, unknown>,
  batchId: string | null = 'batch-1',
): ReviewEvent => ({
  seq: ++seq,
  reviewId: 1,
  type,
  time: new Date(t0 + atS * 1000).toISOString(),
  level: 'info',
  batchId,
  data,
});
// What the engine emits today: no timeouts or connector name on the start event.
const start = (atS: number, extra: Record<string, unknown> = {}, batchId = 'batch-1') =>
  event(
    'model_call',
    atS,
    { batchId, provider: 'ollama', model: 'qwen', streaming: true, attempt: 1, phase: 'start', ...extra },
    batchId,
  );
const at = (s: number) => t0 + s * 1000;

describe('a quiet model stream, while it happens', () => {
  it('waits for the first chunk, with the connector name from the review and the default 30 s', () => {
    const calls = openStreamingCalls([start(0)]);
    const wait = longestWait(calls, at(18.4));
    expect(wait).toMatchObject({ kind: 'first-chunk', waitedMs: 18_400, limitMs: 30_000 });
    expect(describeWait(wait!, 'Local Ollama')).toBe(
      'Waiting for the first chunk from Local Ollama (Batch 1) — 18 s (falls back to non-streaming at 30 s)',
    );
  });

  it('uses the start event’s own fields when it has them', () => {
    const calls = openStreamingCalls([start(0, { connectorName: 'Proxy Ollama', firstChunkMs: 10_000, attempt: 2 })]);
    expect(describeWait(longestWait(calls, at(4))!, 'Local Ollama')).toBe(
      'Waiting for the first chunk from Proxy Ollama (Batch 1, attempt 2) — 4 s (falls back to non-streaming at 10 s)',
    );
    expect(describeWait(longestWait(calls, at(11))!, null)).toContain('(falling back to non-streaming)');
  });

  it('reads malformed optional fields as absent', () => {
    const calls = openStreamingCalls([start(0, { connectorName: 42, firstChunkMs: 'soon', stallMs: null })]);
    expect(calls[0]).toMatchObject({ connectorName: undefined, firstChunkMs: undefined, stallMs: undefined });
    expect(describeWait(longestWait(calls, at(1))!, null)).toContain('from ollama/qwen');
  });

  it('a stream that went quiet after chunks shows the gap against the 60 s stall limit', () => {
    const calls = openStreamingCalls([start(0), event('model_call', 2, { phase: 'progress', chunks: 5, chars: 80 })]);
    expect(longestWait(calls, at(5))).toBeNull(); // an ordinary pause between chunks
    expect(describeWait(longestWait(calls, at(14))!, 'Local Ollama')).toBe(
      'No chunk from Local Ollama (Batch 1) for 12 s (falls back to non-streaming at 60 s)',
    );
  });

  it('nothing to show once the call ended, fell back, or the review ended', () => {
    expect(openStreamingCalls([start(0), event('model_call', 3, { phase: 'end', durationMs: 3000 })])).toEqual([]);
    expect(openStreamingCalls([start(0), event('batch', 30, { batchId: 'batch-1', status: 'fallback' })])).toEqual([]);
    expect(openStreamingCalls([start(0, { streaming: false })])).toEqual([]);
    expect(openStreamingCalls([start(0), event('status', 5, { status: 'canceled' }, null)])).toEqual([]);
  });

  it('of two batches waiting, shows the one closest to its fallback', () => {
    const calls = openStreamingCalls([start(0, {}, 'batch-1'), start(10, {}, 'batch-2')]);
    expect(longestWait(calls, at(20))?.call.batchId).toBe('batch-1');
  });
});
