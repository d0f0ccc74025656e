import { describe, expect, it } from 'vitest';
import type { CoveredFile } from '../diff/diff-types.ts';
import { mostlySkippedNote, skippedMostOf, summarizeCoverage } from './coverage-summary.ts';

const file = (path: string, status: CoveredFile['status'], linesRead: number, additions = 10): CoveredFile => ({
  path,
  status,
  additions,
  deletions: 0,
  linesRead,
  ...(status === 'skipped' ? { reason: 'generated' as const } : {}),
});

describe('coverage totals', () => {
  it('count split files as reviewed, clipped on their own, and lines read against lines changed', () => {
    const summary = summarizeCoverage([
      file('a.ts', 'reviewed', 10),
      file('b.ts', 'split', 10),
      file('c.ts', 'clipped', 4),
      file('d.ts', 'skipped', 0),
    ]);
    expect(summary).toMatchObject({
      filesTotal: 4,
      filesReviewed: 2,
      filesClipped: 1,
      filesSkipped: 1,
      linesReviewed: 24,
      linesTotal: 40,
    });
    expect(summary.files[0]).not.toHaveProperty('linesRead');
    expect(summary).not.toHaveProperty('filesOmitted');
  });

  it('keep the first files up to the cap and count the rest, the totals over all', () => {
    const summary = summarizeCoverage(
      Array.from({ length: 7 }, (_, i) => file(`f${i}.ts`, 'reviewed', 10)),
      5,
    );
    expect(summary.files.map((f) => f.path)).toEqual(['f0.ts', 'f1.ts', 'f2.ts', 'f3.ts', 'f4.ts']);
    expect(summary).toMatchObject({ filesTotal: 7, filesOmitted: 2, linesTotal: 70 });
  });

  it('call a change mostly skipped only when less than half of its lines were read', () => {
    expect(skippedMostOf({ linesReviewed: 49, linesTotal: 100 })).toBe(true);
    expect(skippedMostOf({ linesReviewed: 50, linesTotal: 100 })).toBe(false);
    expect(skippedMostOf({ linesReviewed: 0, linesTotal: 0 })).toBe(false);
    const note = mostlySkippedNote(
      summarizeCoverage([file('a.ts', 'reviewed', 1830, 1830), file('b.ts', 'skipped', 0, 7570)]),
    );
    expect(note).toBe(
      "> Most of this change was not read: 1,830 of 9,400 changed lines in 1 of 2 files (1 skipped). The review page's Files tab lists each file with its reason.",
    );
  });
});
