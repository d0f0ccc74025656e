import { describe, expect, it } from 'vitest';
import { percentText, timeBarView } from './time-bar-view.ts';

describe('time bar view', () => {
  it('labels each part with its duration and share, and says how parallel batches are counted', () => {
    const view = timeBarView({
      totalMs: 40_000,
      parts: [
        { category: 'queue', ms: 200 },
        { category: 'generation', ms: 30_000 },
        { category: 'backoff', ms: 9_800 },
      ],
      maxParallel: 2,
      running: false,
    });
    expect(view.segments.map((s) => [s.label, s.duration, percentText(s.percent)])).toEqual([
      ['Queued', '200 ms', '<1%'],
      ['Generation', '30 s', '75%'],
      ['Backoff', '9.8 s', '25%'],
    ]);
    expect(view.segments[2]!.title).toBe('Backoff: 9.8 s (25%) — Waiting to retry after a rate limit or an error');
    expect(view.note).toContain('Up to 2 batches ran at once');
    expect(view.summary).toBe('Where the time went, 40 s: Queued 200 ms, Generation 30 s, Backoff 9.8 s');
  });

  it('says "so far" while running and skips the sharing note for one batch at a time', () => {
    const view = timeBarView({
      totalMs: 5_000,
      parts: [{ category: 'fetch', ms: 5_000 }],
      maxParallel: 1,
      running: true,
    });
    expect(view.note).toBe('Wall-clock time from queued to now (5.0 s).');
    expect(view.summary).toBe('Where the time went, 5.0 s so far: Fetch diff 5.0 s');
  });
});
