import { describe, expect, it } from 'vitest';
import type { ReviewEvent } from '@reviewtrace/contracts';
import { describeBatchWait, formatCountdown, openWaits, queueText, type OpenWait } from './waiting-text.ts';

const now = Date.parse('2026-12-06T12:00:00.000Z');
const rateLimited: OpenWait = {
  batchId: 'batch-2',
  wait: {
    reason: 'rate_limit',
    provider: 'openai',
    connectorName: 'OpenAI prod',
    retryAt: '2026-12-06T12:00:37.000Z',
    attempt: 2,
    maxAttempts: 5,
    retryAfterMs: 60_000,
  },
};

let seq = 0;
const event = (type: string, data: Record<string, unknown>, batchId: string | null = null): ReviewEvent => ({
  seq: ++seq,
  reviewId: 1,
  type,
  time: new Date(now).toISOString(),
  level: 'info',
  batchId,
  data,
});

describe('waiting, in words', () => {
  it('counts a rate limit down from the injected time, with what the provider said', () => {
    expect(describeBatchWait(rateLimited, now, null)).toBe(
      'Rate limited by OpenAI — retrying in 0:37 (attempt 2 of 5; provider said Retry-After 60 s)',
    );
    expect(describeBatchWait(rateLimited, now + 36_100, null)).toContain('retrying in 0:01 ');
    expect(describeBatchWait(rateLimited, now + 37_000, null)).toContain('retrying now');
  });

  it('names the connector whose slots are all taken', () => {
    const slot: OpenWait = {
      batchId: 'batch-1',
      wait: { reason: 'slot', connectorName: 'Local Ollama', inUse: 2, limit: 2 },
    };
    expect(describeBatchWait(slot, now, null)).toBe('Waiting for a free slot on Local Ollama (2 in use)');
  });

  it('says a backoff after another failure without a Retry-After', () => {
    const backoff: OpenWait = {
      batchId: 'batch-1',
      wait: { reason: 'backoff', provider: 'gemini', retryAt: '2026-12-06T12:00:04.000Z', attempt: 3, maxAttempts: 4 },
    };
    expect(describeBatchWait(backoff, now, null)).toBe(
      'Gemini failed; backing off — retrying in 0:04 (attempt 3 of 4)',
    );
  });

  it('formats countdowns as a clock does', () => {
    expect(formatCountdown(37_000)).toBe('0:37');
    expect(formatCountdown(36_001)).toBe('0:37');
    expect(formatCountdown(720_000)).toBe('12:00');
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
    expect(formatCountdown(-5)).toBe('0:00');
  });

  it('keeps a wait open until its batch moves on or the review ends', () => {
    const waiting = event(
      'batch',
      { batchId: 'batch-1', status: 'waiting', wait: { reason: 'slot', inUse: 1 } },
      'batch-1',
    );
    const other = event(
      'batch',
      { batchId: 'batch-2', status: 'waiting', wait: { reason: 'slot', inUse: 1 } },
      'batch-2',
    );
    expect(openWaits([waiting, other]).map((w) => w.batchId)).toEqual(['batch-1', 'batch-2']);
    const running = event('batch', { batchId: 'batch-1', status: 'running' }, 'batch-1');
    expect(openWaits([waiting, other, running]).map((w) => w.batchId)).toEqual(['batch-2']);
    expect(openWaits([waiting, other, event('status', { status: 'canceled' })])).toEqual([]);
  });

  it('says where a queued review stands', () => {
    expect(queueText({ position: 3, ahead: 2, workersBusy: 2 })).toBe('Queued — 3rd in line, 2 workers busy');
    expect(queueText({ position: 1, ahead: 0, workersBusy: 1 })).toBe('Queued — next in line, 1 worker busy');
    expect(queueText({ position: 12, ahead: 11, workersBusy: 0 })).toBe('Queued — 12th in line, no worker busy');
    expect(queueText({ position: 22, ahead: 21, workersBusy: 4 })).toBe('Queued — 22nd in line, 4 workers busy');
  });
});
