import { describe, expect, it } from 'vitest';
import type { BatchSummary } from '@reviewtrace/contracts';
import { deriveSections, failingSection, initiallyCollapsed, sectionOf, type BatchBoundary } from './sections.ts';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const boundary = (seq: number, batchId: string, status: string): BatchBoundary => ({
  seq,
  time: t(seq),
  batchId,
  status,
});
const batch = (batchId: string, status: string, durationMs: number | null = 1000): BatchSummary => ({
  batchId,
  status,
  fileCount: 1,
  tokenEstimate: 100,
  startedAt: null,
  finishedAt: null,
  durationMs,
  fallbackUsed: false,
  attempts: 1,
  commentCount: null,
});
const review = (status: 'running' | 'success' | 'failed' | 'canceled', batches: BatchSummary[]) => ({
  status,
  startedAt: t(0),
  createdAt: t(0),
  completedAt: status === 'running' ? null : t(100),
  batches,
});

// Lines 1–5 set up (two queued batches), batch-1 runs 6–20, batch-2 21–40, then 41–45 finish.
const boundaries = [
  boundary(4, 'batch-1', 'queued'),
  boundary(5, 'batch-2', 'queued'),
  boundary(6, 'batch-1', 'running'),
  boundary(12, 'batch-1', 'retrying'),
  boundary(20, 'batch-1', 'success'),
  boundary(21, 'batch-2', 'running'),
  boundary(40, 'batch-2', 'failed'),
];

describe('log sections', () => {
  it('never shows a batch as running on a review that was canceled: every open batch reads canceled', () => {
    const open = [
      boundary(1, 'batch-1', 'running'),
      boundary(2, 'batch-2', 'running'),
      boundary(3, 'batch-3', 'running'),
      boundary(4, 'batch-1', 'success'),
    ];
    const sections = deriveSections(
      open,
      review('canceled', [
        batch('batch-1', 'success'),
        batch('batch-2', 'running', null),
        batch('batch-3', 'running', null),
      ]),
      10,
    );
    expect(sections.map((s) => [s.id, s.outcome])).toEqual([
      ['batch:batch-1', 'success'],
      ['batch:batch-2', 'canceled'],
      ['batch:batch-3', 'canceled'],
    ]);
  });

  it('groups a finished review into set up, one section per batch and finish, covering every line', () => {
    const sections = deriveSections(
      boundaries,
      review('failed', [batch('batch-1', 'success'), batch('batch-2', 'failed', 2500)]),
      45,
    );
    expect(sections.map((s) => [s.id, s.from, s.to, s.outcome])).toEqual([
      ['setup', 1, 5, 'success'],
      ['batch:batch-1', 6, 20, 'success'],
      ['batch:batch-2', 21, 40, 'failed'],
      ['finish', 41, 45, 'failed'],
    ]);
    expect(sections[0]!.durationMs).toBe(6000);
    expect(sections[2]!.durationMs).toBe(2500);
    expect(sections[3]!.durationMs).toBe(60_000);
  });

  it('lets the running batch grow with the log and has no finish yet', () => {
    const running = deriveSections(
      boundaries.slice(0, 6),
      review('running', [batch('batch-1', 'success'), batch('batch-2', 'running', null)]),
      30,
    );
    expect(running.map((s) => [s.id, s.from, s.to, s.outcome])).toEqual([
      ['setup', 1, 5, 'success'],
      ['batch:batch-1', 6, 20, 'success'],
      ['batch:batch-2', 21, 30, 'running'],
    ]);
  });

  it('shows a log with no running batch flat', () => {
    expect(deriveSections([], review('failed', []), 10)).toEqual([]);
    expect(deriveSections(boundaries.slice(0, 2), review('failed', []), 10)).toEqual([]);
  });

  it('starts with the first batch when the log begins with it, and ignores boundaries past the lines known', () => {
    const sections = deriveSections(
      [boundary(1, 'b', 'running'), boundary(9, 'b', 'success')],
      review('running', [batch('b', 'success')]),
      5,
    );
    expect(sections.map((s) => [s.id, s.from, s.to])).toEqual([['batch:b', 1, 5]]);
  });

  it('marks the last section failed when a review failed outside any batch', () => {
    const sections = deriveSections(boundaries.slice(0, 5), review('failed', [batch('batch-1', 'success')]), 30);
    expect(sections.map((s) => [s.id, s.outcome])).toEqual([
      ['setup', 'success'],
      ['batch:batch-1', 'success'],
      ['finish', 'failed'],
    ]);
  });

  it('opens a failed review on its failing section only, and hides nothing otherwise', () => {
    const sections = deriveSections(
      boundaries,
      review('failed', [batch('batch-1', 'success'), batch('batch-2', 'failed')]),
      45,
    );
    expect(failingSection(sections)?.id).toBe('batch:batch-2');
    expect([...initiallyCollapsed(sections, 'failed')].sort()).toEqual(['batch:batch-1', 'finish', 'setup']);
    expect(initiallyCollapsed(sections, 'success').size).toBe(0);
    expect(initiallyCollapsed(sections, 'running').size).toBe(0);
  });

  it('finds the section of a line', () => {
    const sections = deriveSections(
      boundaries,
      review('failed', [batch('batch-1', 'success'), batch('batch-2', 'failed')]),
      45,
    );
    expect(sectionOf(sections, 1)?.id).toBe('setup');
    expect(sectionOf(sections, 20)?.id).toBe('batch:batch-1');
    expect(sectionOf(sections, 21)?.id).toBe('batch:batch-2');
    expect(sectionOf(sections, 45)?.id).toBe('finish');
    expect(sectionOf(sections, 46)).toBeUndefined();
  });
});
