/** `#L123` and `#L120-140` (GitHub's form): one line or an inclusive range, in either order. */
export interface LineRange {
  from: number;
  to: number;
}

export function parseLineHash(hash: string): LineRange | null {
  const match = /^#L(\d{1,9})(?:-L?(\d{1,9}))?$/.exec(hash);
  if (!match) return null;
  const a = Number(match[1]);
  const b = match[2] === undefined ? a : Number(match[2]);
  if (a < 1 || b < 1) return null;
  return { from: Math.min(a, b), to: Math.max(a, b) };
}

export function lineHash(range: LineRange): string {
  return range.from === range.to ? `#L${range.from}` : `#L${range.from}-${range.to}`;
}

export const inRange = (range: LineRange | null, seq: number) => !!range && seq >= range.from && seq <= range.to;
