import { describe, expect, it } from 'vitest';
import { waterfallBar } from './waterfall.ts';

const base = Date.UTC(2026, 0, 1);
const at = (s: number) => new Date(base + s * 1000).toISOString();
const axis = { start: base, end: base + 100_000 };

describe('waterfall bars', () => {
  it('places a finished batch on the review’s axis', () => {
    expect(waterfallBar({ startedAt: at(10), finishedAt: at(60) }, axis, base + 999_000)).toEqual({
      left: 10,
      width: 50,
      ms: 50_000,
    });
  });

  it('ends a batch the review left unfinished (canceled while running) at the review’s end', () => {
    const bar = waterfallBar({ startedAt: at(80), finishedAt: null }, axis, base + 500_000);
    expect(bar).toEqual({ left: 80, width: 20, ms: 20_000 });
    expect(bar.left + bar.width).toBeLessThanOrEqual(100);
  });

  it('keeps a sliver inside the axis and draws nothing for a batch that never started', () => {
    const sliver = waterfallBar({ startedAt: at(100), finishedAt: at(100) }, axis, base);
    expect(sliver.left + sliver.width).toBeLessThanOrEqual(100);
    expect(waterfallBar({ startedAt: null, finishedAt: null }, axis, base)).toEqual({ left: 0, width: 0, ms: null });
  });
});
