import { describe, expect, it } from 'vitest';
import { RowModel } from './row-model.ts';

describe('the rows of a log with collapsed sections', () => {
  it('is the flat log when nothing is collapsed', () => {
    const rows = new RowModel(1_000_000, []);
    expect(rows.count).toBe(1_000_000);
    expect(rows.seqAt(0)).toBe(1);
    expect(rows.seqAt(999_999)).toBe(1_000_000);
    expect(rows.indexOfSeq(500_000)).toBe(499_999);
    expect(rows.runs(10, 20)).toEqual([{ from: 11, to: 21 }]);
  });

  // Sections 1–10 (header 1), 11–20 (header 11, collapsed), 21–30, 31–40 (header 31, collapsed).
  const rows = new RowModel(40, [
    { from: 12, to: 20 },
    { from: 32, to: 40 },
  ]);

  it('keeps a collapsed section as its one header row', () => {
    expect(rows.count).toBe(40 - 9 - 9);
    const seqs = Array.from({ length: rows.count }, (_, i) => rows.seqAt(i));
    expect(seqs).toEqual([...range(1, 11), ...range(21, 31)]);
    expect(rows.seqAt(rows.count)).toBeUndefined();
  });

  it('maps every line to its row, and a hidden line to its section header', () => {
    for (let seq = 1; seq <= 40; seq++) {
      const index = rows.indexOfSeq(seq)!;
      const shown = rows.seqAt(index);
      if ((seq >= 12 && seq <= 20) || seq >= 32) expect(shown).toBe(seq >= 32 ? 31 : 11);
      else expect(shown).toBe(seq);
    }
    expect(rows.indexOfSeq(0)).toBeUndefined();
    expect(rows.indexOfSeq(41)).toBeUndefined();
  });

  it('loads only the lines rows show, skipping collapsed ones', () => {
    expect(rows.runs(0, rows.count - 1)).toEqual([
      { from: 1, to: 11 },
      { from: 21, to: 31 },
    ]);
    expect(rows.runs(11, 12)).toEqual([{ from: 21, to: 22 }]);
  });

  it('ignores what lies beyond the log and keeps adjacent ranges apart', () => {
    const clipped = new RowModel(15, [
      { from: 2, to: 5 },
      { from: 7, to: 99 },
    ]);
    expect(clipped.count).toBe(2);
    expect([clipped.seqAt(0), clipped.seqAt(1)]).toEqual([1, 6]);
    expect(clipped.indexOfSeq(10)).toBe(1);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
