import { describe, expect, it } from 'vitest';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from './json-body.ts';

const arrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const objects = (levels: number) => '{"a":'.repeat(levels) + 'null' + '}'.repeat(levels);

describe('jsonNestsDeeperThan', () => {
  it('allows exactly the limit and refuses one level more, for arrays and objects', () => {
    expect(jsonNestsDeeperThan(arrays(32), 32)).toBe(false);
    expect(jsonNestsDeeperThan(arrays(33), 32)).toBe(true);
    expect(jsonNestsDeeperThan(objects(32), 32)).toBe(false);
    expect(jsonNestsDeeperThan(objects(33), 32)).toBe(true);
    expect(jsonNestsDeeperThan(`{"a":[{"b":${arrays(30)}}]}`, 32)).toBe(true);
  });

  it('counts depth, not how many containers there are', () => {
    const wide = `[${Array.from({ length: 10_000 }, () => '{"a":[1,{"b":2}]}').join(',')}]`;
    expect(jsonNestsDeeperThan(wide, 4)).toBe(false);
    expect(jsonNestsDeeperThan(wide, 3)).toBe(true);
  });

  it('ignores brackets inside strings, including after escaped quotes and backslashes', () => {
    expect(jsonNestsDeeperThan(JSON.stringify({ text: '['.repeat(100) }), 1)).toBe(false);
    expect(jsonNestsDeeperThan(JSON.stringify({ text: `say \\"${'{'.repeat(50)}\\"` }), 1)).toBe(false);
    expect(jsonNestsDeeperThan(JSON.stringify({ text: 'quote " then [[[[' }), 1)).toBe(false);
    // A string ending in an escaped backslash closes there: the brackets after it count.
    expect(jsonNestsDeeperThan(`["a\\\\",[[[]]]]`, 3)).toBe(true);
    expect(jsonNestsDeeperThan(`["a\\\\",[[[]]]]`, 4)).toBe(false);
  });

  it('does not let stray closing brackets buy extra depth', () => {
    expect(jsonNestsDeeperThan(']]]]]]' + arrays(5), 4)).toBe(true);
  });

  it('scans 100,000 levels in one pass without recursion', () => {
    expect(jsonNestsDeeperThan(arrays(100_000), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonNestsDeeperThan('"' + '['.repeat(100_000) + '"', MAX_JSON_DEPTH)).toBe(false);
  });

  it('leaves empty and scalar bodies to JSON.parse', () => {
    expect(jsonNestsDeeperThan('', 0)).toBe(false);
    expect(jsonNestsDeeperThan('42', 0)).toBe(false);
    expect(jsonNestsDeeperThan('"x"', 0)).toBe(false);
  });
});
