import { describe, expect, it } from 'vitest';
import { BatchDataSchema, IncomingEventSchema, KnownEventSchema } from './events.ts';
import { formatLogLine } from './event-text.ts';

describe('event schemas', () => {
  it('validates known payloads through the discriminated union', () => {
    expect(
      KnownEventSchema.safeParse({
        type: 'batch',
        data: { batchId: 'batch-1', status: 'fallback', fallback: { reason: 'no_chunks', afterMs: 30000 } },
      }).success,
    ).toBe(true);
    const bad = IncomingEventSchema.safeParse({ type: 'parse', data: { outcome: 'maybe' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['data', 'outcome']);
  });

  it('keeps fields it does not know and accepts unknown types', () => {
    const parsed = IncomingEventSchema.parse({ type: 'log', data: { message: 'x', extra: 1 } });
    expect(parsed.data).toEqual({ message: 'x', extra: 1 });
    expect(IncomingEventSchema.safeParse({ type: 'batch_stats', data: { tokens: 5 } }).success).toBe(true);
  });

  it('rejects malformed envelopes', () => {
    expect(IncomingEventSchema.safeParse({ type: 'log' }).success).toBe(false);
    expect(IncomingEventSchema.safeParse({ type: 'log', data: [] }).success).toBe(false);
    expect(IncomingEventSchema.safeParse({ type: '', data: {} }).success).toBe(false);
  });
});

describe('log lines', () => {
  const base = { seq: 1, time: '2025-09-24T11:44:44.601Z', level: null, batchId: null };
  it('formats every type as one readable line', () => {
    expect(
      formatLogLine({
        ...base,
        type: 'log',
        level: 'warn',
        batchId: 'batch-1',
        data: { message: 'No chunks', code: 'stream_stall' },
      }),
    ).toBe('2025-09-24T11:44:44.601Z WARN  [batch-1] No chunks (stream_stall)');
    expect(formatLogLine({ ...base, type: 'status', level: 'success', data: { status: 'completed' } })).toBe(
      '2025-09-24T11:44:44.601Z INFO  Review completed',
    );
    expect(formatLogLine({ ...base, type: 'batch', data: { batchId: 'batch-2', status: 'failed' } })).toMatch(
      /ERROR Batch 2 failed$/,
    );
    expect(formatLogLine({ ...base, type: 'retry', data: { attempt: 2 } })).toBe(
      '2025-09-24T11:44:44.601Z INFO  retry: {"attempt":2}',
    );
  });
});

describe('waiting lines', () => {
  const base = { seq: 1, time: '2025-09-24T11:44:44.601Z', level: 'info', batchId: 'batch-2', type: 'batch' };
  it('say what a batch waits for and until when', () => {
    const rateLimit = {
      reason: 'rate_limit',
      provider: 'openai',
      retryAt: '2025-09-24T11:45:44.601Z',
      attempt: 2,
      maxAttempts: 5,
    };
    expect(formatLogLine({ ...base, data: { batchId: 'batch-2', status: 'waiting', wait: rateLimit } })).toMatch(
      /Batch 2 waiting, rate limited until 2025-09-24T11:45:44.601Z \(attempt 2 of 5\)$/,
    );
    const slot = { reason: 'slot', connectorName: 'Local Ollama', inUse: 2, limit: 2 };
    expect(formatLogLine({ ...base, data: { batchId: 'batch-2', status: 'waiting', wait: slot } })).toMatch(
      /Batch 2 waiting, for a free slot on Local Ollama \(2 of 2 in use\)$/,
    );
    expect(BatchDataSchema.safeParse({ status: 'waiting', wait: slot }).success).toBe(true);
    expect(BatchDataSchema.safeParse({ status: 'waiting', wait: { reason: 'nap' } }).success).toBe(false);
  });
});

describe('model call lines', () => {
  const end = { seq: 1, time: '2025-09-24T11:44:44.601Z', level: 'info', batchId: 'batch-1', type: 'model_call' };
  const call = { phase: 'end', provider: 'openai', model: 'gpt-4o-mini', durationMs: 4200 };
  it('say what the answer used and cost', () => {
    const line = formatLogLine({
      ...end,
      data: {
        ...call,
        tokensIn: 12000,
        tokensOut: 800,
        tokensSource: 'provider',
        tokensPerSecond: 45.2,
        costUsd: 0.00228,
        priceSource: 'genai-prices',
      },
    });
    expect(line).toContain('(4200ms, 12000 in / 800 out tokens, 45.2 tokens/s, $0.00228 (genai-prices))');
  });

  it('mark estimated tokens and an unknown price with its reason', () => {
    const line = formatLogLine({
      ...end,
      data: {
        ...call,
        tokensIn: 10,
        tokensOut: 2,
        tokensSource: 'estimate',
        costUsd: null,
        priceUnknownReason: 'no price',
      },
    });
    expect(line).toContain('10 in / 2 out tokens (estimated), cost unknown: no price');
  });
});

describe('log lines say internal names in words', () => {
  it('says an error once when the engine put it in the summary too', () => {
    const line = formatLogLine({
      seq: 1,
      time: '2025-09-24T11:44:44.601Z',
      level: null,
      batchId: null,
      type: 'completion',
      data: {
        resultSummary: 'Canceled by owner@acme.demo',
        errorSummary: 'Canceled by owner@acme.demo',
        commentCount: 0,
      },
    });
    expect(line).toMatch(/Completed: Canceled by owner@acme\.demo \(0 comments\)$/);
  });

  const base = { seq: 1, time: '2025-09-24T11:44:44.601Z', level: null, batchId: 'batch-1' };
  it('names a parse strategy as a sentence, not its identifier', () => {
    const line = formatLogLine({
      ...base,
      type: 'parse',
      data: { outcome: 'repaired', strategy: 'whole_text+jsonrepair_cut' },
    });
    expect(line).toContain(
      'Parse repaired — Repaired: cut after the last complete comment (JSON taken from the whole answer)',
    );
    expect(line).not.toContain('whole_text');
  });
});

describe('posting lines', () => {
  const base = { seq: 1, time: '2025-09-24T11:44:44.601Z', level: null, batchId: null, type: 'posting' };
  it('says where each finding went', () => {
    expect(
      formatLogLine({ ...base, data: { path: 'src/a.ts', line: 12, outcome: 'posted', url: 'https://h/p/1#r1' } }),
    ).toBe('2025-09-24T11:44:44.601Z INFO  Posted the comment on src/a.ts:12 — https://h/p/1#r1');
    expect(
      formatLogLine({
        ...base,
        data: { path: 'src/a.ts', line: 40, outcome: 'moved', error: 'line 40 is not part of the diff' },
      }),
    ).toMatch(/INFO {2}Moved the comment on src\/a\.ts:40 into the summary: line 40 is not part of the diff$/);
    expect(formatLogLine({ ...base, data: { path: null, line: null, outcome: 'failed', error: 'no access' } })).toMatch(
      /WARN {2}Could not post the summary: no access$/,
    );
  });

  it('validates the payload', () => {
    expect(
      KnownEventSchema.safeParse({ type: 'posting', data: { path: 'a', line: 3, outcome: 'moved' } }).success,
    ).toBe(true);
    expect(KnownEventSchema.safeParse({ type: 'posting', data: { path: 'a', outcome: 'lost' } }).success).toBe(false);
  });
});
