import { describe, expect, it } from 'vitest';
import { isOnlyLevelShown, levelShown, toggledLevels } from './level-filter.ts';

describe('log level checkboxes', () => {
  it('shows every box ticked when no level filter is set (every level is shown)', () => {
    expect(['debug', 'info', 'warn', 'error'].map((level) => levelShown([], level))).toEqual([true, true, true, true]);
  });

  it('unticking one level of the unfiltered log filters to the other three', () => {
    expect(toggledLevels([], 'debug')).toEqual(['info', 'warn', 'error']);
  });

  it('ticking the last missing level clears the filter', () => {
    expect(toggledLevels(['info', 'warn', 'error'], 'debug')).toEqual([]);
  });

  it('keeps levels in a stable order as boxes are ticked', () => {
    expect(toggledLevels(['error'], 'info')).toEqual(['info', 'error']);
    expect(levelShown(['info', 'error'], 'warn')).toBe(false);
  });

  it('never leaves no level shown', () => {
    expect(toggledLevels(['error'], 'error')).toEqual(['error']);
    expect(isOnlyLevelShown(['error'], 'error')).toBe(true);
    expect(isOnlyLevelShown([], 'error')).toBe(false);
  });
});
