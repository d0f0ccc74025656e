import { describe, expect, it } from 'vitest';
import { inRange, lineHash, parseLineHash } from './permalink.ts';

describe('line permalinks', () => {
  it('reads one line and ranges in either order', () => {
    expect(parseLineHash('#L123')).toEqual({ from: 123, to: 123 });
    expect(parseLineHash('#L120-140')).toEqual({ from: 120, to: 140 });
    expect(parseLineHash('#L140-L120')).toEqual({ from: 120, to: 140 });
  });

  it('ignores anything else', () => {
    for (const hash of ['', '#', '#L', '#L0', '#Labc', '#L1-', '#results', '#L1-2-3'])
      expect(parseLineHash(hash)).toBeNull();
  });

  it('writes the shortest form and tests membership', () => {
    expect(lineHash({ from: 7, to: 7 })).toBe('#L7');
    expect(lineHash({ from: 7, to: 9 })).toBe('#L7-9');
    expect(inRange({ from: 7, to: 9 }, 9)).toBe(true);
    expect(inRange({ from: 7, to: 9 }, 10)).toBe(false);
    expect(inRange(null, 1)).toBe(false);
  });
});
