import { describe, expect, it } from 'vitest';
import { nextTransition } from './alert-transitions.ts';

const window = 15 * 60_000;
const at = (minutes: number) => new Date(minutes * 60_000);

describe('alert transitions (hysteresis)', () => {
  it('fires from ok only when breaching', () => {
    expect(nextTransition(undefined, true, at(0), window)).toBe('fire');
    expect(nextTransition(undefined, false, at(0), window)).toBe('none');
  });

  it('holds while breaching, recovers for a whole window before resolving', () => {
    expect(nextTransition({ belowSince: null }, true, at(1), window)).toBe('hold');
    expect(nextTransition({ belowSince: null }, false, at(2), window)).toBe('recovering');
    expect(nextTransition({ belowSince: at(2) }, false, at(16), window)).toBe('recovering');
    expect(nextTransition({ belowSince: at(2) }, false, at(17), window)).toBe('resolve');
  });

  it('goes back to holding (no notification) when the value crosses again while recovering', () => {
    expect(nextTransition({ belowSince: at(2) }, true, at(10), window)).toBe('hold');
  });
});
