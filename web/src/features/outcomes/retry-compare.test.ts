import { describe, expect, it } from 'vitest';
import type { BatchSummary, ReviewDetail, SummaryComment } from '@reviewtrace/contracts';
import { compareRetry } from './retry-compare.ts';

const batch = (batchId: string, status: string, carriedFrom?: number): BatchSummary => ({
  batchId,
  status,
  fileCount: 1,
  tokenEstimate: 100,
  startedAt: null,
  finishedAt: null,
  durationMs: 1000,
  fallbackUsed: false,
  attempts: 1,
  commentCount: 1,
  ...(carriedFrom === undefined ? {} : { carriedFrom }),
});

const detail = (values: Partial<ReviewDetail>): ReviewDetail => ({
  id: 812,
  orgId: 1,
  title: 'Modules',
  prMrUrl: null,
  repository: null,
  branch: null,
  gitProvider: null,
  connector: { id: 3, name: 'Local Ollama', providerType: 'ollama', model: 'qwen2.5-coder' },
  status: 'success',
  createdAt: '2026-12-06T00:00:00.000Z',
  startedAt: '2026-12-06T00:00:01.000Z',
  completedAt: '2026-12-06T00:00:43.000Z',
  durationMs: 42_000,
  lastEventAt: null,
  commentCount: 2,
  errorSummary: null,
  errorCategory: null,
  retryOf: null,
  triggerType: 'manual',
  costUsd: 0.0123,
  tokens: 3000,
  metadata: {},
  lastSeq: 10,
  eventCounts: {},
  batches: [],
  milestones: [],
  result: null,
  usage: { tokensIn: 2500, tokensOut: 500, costUsd: 0.0123, modelCalls: 3, modelMs: 40_000, waitMs: 0 },
  ...values,
});

const comment = (
  filePath: string,
  lineNumber: number | null,
  content: string,
  carriedFrom?: number,
): SummaryComment => ({
  filePath,
  lineNumber,
  severity: 'warning',
  category: 'bug',
  content,
  suggestion: null,
  ...(carriedFrom === undefined ? {} : { carriedFrom }),
});

describe('compareRetry', () => {
  const original = detail({
    outcome: 'partial',
    failedBatches: ['batch-2'],
    batches: [batch('batch-1', 'success'), batch('batch-2', 'failed'), batch('batch-3', 'success')],
  });
  const retry = detail({
    id: 813,
    retryOf: 812,
    outcome: 'findings',
    durationMs: 9_000,
    commentCount: 3,
    connector: { id: 4, name: 'OpenAI', providerType: 'openai', model: 'gpt-4o-mini' },
    usage: { tokensIn: 800, tokensOut: 200, costUsd: 0.002, modelCalls: 1, modelMs: 8_000, waitMs: 0 },
    batches: [batch('batch-1', 'success', 812), batch('batch-3', 'success', 812), batch('batch-4', 'success')],
  });

  it('puts each property side by side and marks what changed', () => {
    const { rows } = compareRetry(original, retry, [], []);
    expect(rows.map((r) => [r.label, r.before, r.after, r.changed])).toEqual([
      ['Connector and model', 'Local Ollama · qwen2.5-coder', 'OpenAI · gpt-4o-mini', true],
      ['Batches', '3 · 1 failed', '3 · 2 carried over', true],
      ['Outcome', 'Partial: Batch 2 failed', 'Findings', true],
      ['Duration', '42 s', '9.0 s', true],
      ['Tokens', '3k', '1k', true],
      ['Cost', '$0.01', '$0.002', true],
      ['Comments', '2', '3', true],
    ]);
    expect(compareRetry(original, original, [], []).rows.every((r) => !r.changed)).toBe(true);
  });

  it('diffs comments by path, line and text, whitespace aside, counting repeats', () => {
    const before = [
      comment('a.ts', 3, 'Null check missing'),
      comment('b.ts', 9, 'Loop queries per item'),
      comment('a.ts', 3, 'Null check missing'),
    ];
    const after = [
      comment('a.ts', 3, 'Null check  missing ', 812),
      comment('b.ts', 10, 'Loop queries per item'),
      comment('c.ts', 1, 'Secret logged'),
    ];
    const { added, removed, kept } = compareRetry(original, retry, before, after);
    expect(kept).toBe(1);
    expect(added.map((c) => `${c.filePath}:${c.lineNumber}`)).toEqual(['b.ts:10', 'c.ts:1']);
    expect(removed.map((c) => `${c.filePath}:${c.lineNumber}`)).toEqual(['a.ts:3', 'b.ts:9']);
  });
});
