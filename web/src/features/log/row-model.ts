/** Lines [from, to] (seqs, inclusive) hidden by a collapsed section: all of it but its header line. */
export interface HiddenRange {
  from: number;
  to: number;
}

/**
 * Row index ↔ line (seq) for the virtual list when some sections are collapsed. Rows stay one line
 * each at a fixed height, so with nothing collapsed row N is line N + 1, as in the flat log; each
 * collapsed section removes its lines after the header. Lookups are binary searches over the hidden
 * ranges, never over lines: a 1,000,000-line log costs what a 100-line one does.
 */
export class RowModel {
  readonly count: number;
  private readonly ranges: HiddenRange[];
  /** Lines hidden by the ranges before range i. */
  private readonly hiddenBefore: number[];

  constructor(
    readonly lineCount: number,
    hidden: HiddenRange[],
  ) {
    this.ranges = hidden
      .map((r) => ({ from: Math.max(1, r.from), to: Math.min(r.to, lineCount) }))
      .filter((r) => r.from <= r.to)
      .sort((a, b) => a.from - b.from);
    this.hiddenBefore = [];
    let total = 0;
    for (const range of this.ranges) {
      this.hiddenBefore.push(total);
      total += range.to - range.from + 1;
    }
    this.count = Math.max(0, lineCount - total);
  }

  /** The row showing `seq`, or its section's header row when `seq` is collapsed away. */
  indexOfSeq(seq: number): number | undefined {
    if (seq < 1 || seq > this.lineCount) return undefined;
    const i = this.lastRangeStartingAtOrBefore(seq);
    if (i < 0) return seq - 1;
    const range = this.ranges[i]!;
    const hidden = this.hiddenBefore[i]!;
    if (seq <= range.to) return range.from - 2 - hidden; // the header, line range.from - 1
    return seq - 1 - hidden - (range.to - range.from + 1);
  }

  seqAt(index: number): number | undefined {
    if (index < 0 || index >= this.count) return undefined;
    // Ranges that begin at or before this row (in row terms) push it further down the log.
    let low = 0;
    let high = this.ranges.length - 1;
    let before = 0;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const range = this.ranges[mid]!;
      if (range.from - 1 - this.hiddenBefore[mid]! <= index) {
        before = this.hiddenBefore[mid]! + (range.to - range.from + 1);
        low = mid + 1;
      } else high = mid - 1;
    }
    return index + 1 + before;
  }

  /** The runs of contiguous lines shown by rows [first, last]: what to load for them. */
  runs(first: number, last: number): HiddenRange[] {
    const from = this.seqAt(Math.max(0, first));
    const to = this.seqAt(Math.min(last, this.count - 1));
    if (from === undefined || to === undefined) return [];
    const runs: HiddenRange[] = [];
    let start = from;
    for (const range of this.ranges) {
      if (range.to < from || range.from > to) continue;
      if (range.from > start) runs.push({ from: start, to: range.from - 1 });
      start = range.to + 1;
    }
    if (start <= to) runs.push({ from: start, to });
    return runs;
  }

  private lastRangeStartingAtOrBefore(seq: number): number {
    let low = 0;
    let high = this.ranges.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.ranges[mid]!.from <= seq) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  }
}
