import type { FileCoverage, SummaryComment } from '@reviewtrace/contracts';
import type { DiffFileView, DiffLine } from './diff-parse.ts';

/** What the virtualized Files view draws, one entry per row, in order. */
export type DiffRow =
  | { kind: 'file'; path: string; coverage: FileCoverage | undefined; inDiff: boolean }
  | { kind: 'hunk'; path: string; header: string; leftOut: boolean }
  | { kind: 'line'; path: string; line: DiffLine }
  | { kind: 'comments'; path: string | null; comments: SummaryComment[]; outside: boolean }
  | { kind: 'not-read'; path: string; coverage: FileCoverage };

const key = (path: string, line: number) => `${path}\u0000${line}`;

/**
 * The diff as rows, with each comment under the line it is about, as on a pull request: the
 * comment's line number on the new side of its file. A comment on a line the diff does not show
 * goes right under its file's header; one on a file the diff does not hold (or on no file) goes
 * into a group at the end, so no comment is ever dropped. A skipped file shows why instead of its lines.
 */
export function diffRows(
  files: readonly DiffFileView[],
  coverage: readonly FileCoverage[],
  comments: readonly SummaryComment[],
): DiffRow[] {
  const coverageOf = new Map(coverage.map((file) => [file.path, file]));
  const placed = new Set<SummaryComment>();
  const onLine = new Map<string, SummaryComment[]>();
  const newLines = new Set<string>();
  for (const file of files)
    for (const hunk of file.hunks)
      for (const line of hunk.lines) if (line.newNo !== null) newLines.add(key(file.path, line.newNo));
  for (const comment of comments) {
    if (comment.filePath === null || comment.lineNumber === null) continue;
    const at = key(comment.filePath, comment.lineNumber);
    if (!newLines.has(at)) continue;
    onLine.set(at, [...(onLine.get(at) ?? []), comment]);
    placed.add(comment);
  }

  const rows: DiffRow[] = [];
  for (const file of files) {
    const fileCoverage = coverageOf.get(file.path);
    rows.push({ kind: 'file', path: file.path, coverage: fileCoverage, inDiff: true });
    const aboutFile = comments.filter((c) => c.filePath === file.path && !placed.has(c));
    for (const comment of aboutFile) placed.add(comment);
    if (aboutFile.length > 0) rows.push({ kind: 'comments', path: file.path, comments: aboutFile, outside: true });
    if (fileCoverage?.status === 'skipped') {
      rows.push({ kind: 'not-read', path: file.path, coverage: fileCoverage });
      continue;
    }
    const leftOut = new Set(fileCoverage?.clippedHunks ?? []);
    for (const hunk of file.hunks) {
      rows.push({ kind: 'hunk', path: file.path, header: hunk.header, leftOut: leftOut.has(hunk.header) });
      for (const line of hunk.lines) {
        rows.push({ kind: 'line', path: file.path, line });
        const here = line.newNo === null ? undefined : onLine.get(key(file.path, line.newNo));
        if (here) rows.push({ kind: 'comments', path: file.path, comments: here, outside: false });
      }
    }
  }
  // Left: comments on files the diff does not hold (a skipped file's is placed above), or on none.
  const byFile = new Map<string | null, SummaryComment[]>();
  for (const comment of comments.filter((c) => !placed.has(c)))
    byFile.set(comment.filePath, [...(byFile.get(comment.filePath) ?? []), comment]);
  for (const [path, group] of byFile) {
    if (path !== null) rows.push({ kind: 'file', path, coverage: coverageOf.get(path), inDiff: false });
    rows.push({ kind: 'comments', path, comments: group, outside: true });
  }
  return rows;
}

/** The widest code line, in characters: the scrolled code block is this wide. */
export function widestLine(files: readonly DiffFileView[]): number {
  let widest = 0;
  for (const file of files)
    for (const hunk of file.hunks) {
      widest = Math.max(widest, hunk.header.length);
      for (const line of hunk.lines) widest = Math.max(widest, line.text.length);
    }
  return widest;
}
