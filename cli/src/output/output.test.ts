import { describe, expect, it } from 'vitest';
import { shouldColor } from './colors.ts';
import { formatDuration } from './durations.ts';
import { renderTable, truncate } from './table.ts';

describe('shouldColor', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it.each([
    ['a terminal', tty, {}, true, true],
    ['a pipe', pipe, {}, true, false],
    ['a pipe under CI (picocolors would colour it)', pipe, { CI: 'true' }, true, false],
    ['a dumb terminal', tty, { TERM: 'dumb' }, true, false],
    ['NO_COLOR on a terminal', tty, { NO_COLOR: '1' }, true, false],
    ['an empty NO_COLOR (no-color.org: ignored)', tty, { NO_COLOR: '' }, true, true],
    ['--no-color on a terminal', tty, {}, false, false],
    ['FORCE_COLOR into a pipe', pipe, { FORCE_COLOR: '1' }, true, true],
    ['FORCE_COLOR=0 on a terminal', tty, { FORCE_COLOR: '0' }, true, false],
    ['NO_COLOR over FORCE_COLOR', pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }, true, false],
  ])('%s', (_name, stream, env, flag, expected) => {
    expect(shouldColor(stream, env, flag)).toBe(expected);
  });
});

describe('formatting', () => {
  it('formats durations for a status line', () => {
    expect([850, 48_200, 72_000, 7_500_000].map(formatDuration)).toEqual(['850ms', '48s', '1m 12s', '2h 05m']);
  });

  it('aligns columns on printable width, ignoring colour codes', () => {
    const red = (text: string) => `\x1b[31m${text}\x1b[39m`;
    expect(
      renderTable(
        ['ID', 'STATUS', 'TITLE'],
        [
          ['7', red('failed'), 'x'],
          ['12', 'success', 'y'],
        ],
      ),
    ).toBe(['ID  STATUS   TITLE', `7   ${red('failed')}   x`, '12  success  y'].join('\n'));
    expect(truncate('abcdef', 4)).toBe('abc…');
  });
});
