/**
 * The new-side lines a host's diff shows, read from bare hunks (text from the first `@@`), the way
 * GitHub and GitLab decide whether a comment's line "is part of the diff". Kept apart from the
 * engine's own parser on purpose: the fakes check what the engine computes, not reuse it.
 */
export interface FakeDiffLine {
  hunk: number;
  /** The old side's number for an unchanged line; undefined for an added one. */
  oldLine?: number;
}

export function fakeDiffLines(hunks: string | undefined): Map<number, FakeDiffLine> {
  const lines = new Map<number, FakeDiffLine>();
  let hunk = -1;
  let oldLine = 0;
  let newLine = 0;
  for (const text of (hunks ?? '').split('\n')) {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (header) {
      hunk += 1;
      oldLine = Number(header[1]);
      newLine = Number(header[2]);
    } else if (hunk < 0 || text.startsWith('\\')) {
      continue;
    } else if (text.startsWith('+')) {
      lines.set(newLine, { hunk });
      newLine += 1;
    } else if (text.startsWith('-')) {
      oldLine += 1;
    } else if (text.startsWith(' ')) {
      lines.set(newLine, { hunk, oldLine });
      oldLine += 1;
      newLine += 1;
    }
  }
  return lines;
}
