import { describe, expect, it } from 'vitest';
import { indexTrigrams, type TrigramStats } from './search-trigrams.ts';

/** Every trigram of these words at this share of the rows. */
const listed = (words: string, share: number): [string, number][] =>
  words
    .split(' ')
    .flatMap((word) =>
      Array.from({ length: word.length - 2 }, (_, i): [string, number] => [word.slice(i, i + 3), share]),
    );

/** Shares as ANALYZE would list them for a table of GitHub PR reviews; anything else is rarer. */
const stats: TrigramStats = {
  frequencies: new Map([
    ...listed('https github com acme pull org', 0.9),
    ...listed('repo', 0.5),
    ...listed('invalidation', 0.08),
    ['po7', 0.02],
    ['rg3', 0.1],
  ]),
  unlisted: 0.001,
};

describe('indexTrigrams', () => {
  it('reads a pasted URL through its rare part only, not the trigrams every row has', () => {
    expect(indexTrigrams('https://github.com/acme/repo7/pull/1234', stats)).toEqual(['123']);
  });

  it('takes one trigram per word, rarest word first, until few rows are expected', () => {
    // po7 (2 %) alone leaves too many rows; rg3 (10 %) narrows it to 0.2 %.
    expect(indexTrigrams('org3/repo7', stats)).toEqual(['po7', 'rg3']);
  });

  it('never adds a trigram so common that reading it costs more than it removes', () => {
    expect(indexTrigrams('repo7/pull', stats)).toEqual(['po7']);
  });

  it('reads one trigram of a single word: its trigrams come together, so more would not narrow it', () => {
    expect(indexTrigrams('Invalidation', stats)).toEqual(['inv']);
  });

  it('still reads the rarest trigram of a query made only of common ones', () => {
    expect(indexTrigrams('github', stats)).toEqual(['git']);
  });

  it('stops at three trigrams', () => {
    expect(indexTrigrams('aaa1 bbb2 ccc3 ddd4', { frequencies: new Map(), unlisted: 0.15 })).toEqual([
      'aaa',
      'bbb',
      'ccc',
    ]);
  });

  it('leaves the search to the plain LIKE without statistics or without a three-character word', () => {
    expect(indexTrigrams('repo7/pull', undefined)).toEqual([]);
    expect(indexTrigrams('e_p', stats)).toEqual([]);
    expect(indexTrigrams('100%', stats)).toEqual(['100']);
    expect(indexTrigrams('éàü', stats)).toEqual([]);
  });
});
