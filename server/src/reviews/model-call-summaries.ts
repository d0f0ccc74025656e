import type { BatchSummary, ModelCallSummary } from '@reviewtrace/contracts';
import type { StoredEvent } from './review-derivations.ts';

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : undefined;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Each batch with its model requests, from their `model_call` end events (a batch without any, as
 * from an engine that reports none, stays as it was). Fields another engine
 * sent in another shape are left out rather than passed on: the detail's schema stays true.
 */
export function withModelCalls(batches: BatchSummary[], callEnds: StoredEvent[]): BatchSummary[] {
  const byBatch = new Map<string, ModelCallSummary[]>();
  for (const event of callEnds) {
    const batchId = str(event.data['batchId']) ?? event.batchId;
    if (!batchId) continue;
    byBatch.set(batchId, [...(byBatch.get(batchId) ?? []), callOf(event.data)]);
  }
  return batches.map((batch) => {
    const calls = byBatch.get(batch.batchId);
    return calls ? { ...batch, calls } : batch;
  });
}

function callOf(d: Record<string, unknown>): ModelCallSummary {
  const integer = (key: string) => {
    const value = num(d[key]);
    return value === undefined ? undefined : Math.round(value);
  };
  const call: ModelCallSummary = {
    attempt: integer('attempt'),
    streaming: typeof d['streaming'] === 'boolean' ? d['streaming'] : undefined,
    durationMs: num(d['durationMs']),
    error: str(d['error']),
    tokensIn: integer('tokensIn'),
    tokensOut: integer('tokensOut'),
    tokensSource: str(d['tokensSource']),
    ttftMs: num(d['ttftMs']),
    tokensPerSecond: num(d['tokensPerSecond']),
    loadMs: num(d['loadMs']),
    promptEvalMs: num(d['promptEvalMs']),
    costUsd: d['costUsd'] === null ? null : num(d['costUsd']),
    priceSource: str(d['priceSource']),
    priceUnknownReason: str(d['priceUnknownReason']),
  };
  return Object.fromEntries(Object.entries(call).filter(([, value]) => value !== undefined)) as ModelCallSummary;
}
