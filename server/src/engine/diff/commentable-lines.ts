import type { ChangedFile } from '../../connectors/git/git-types.ts';
import { parseUnifiedDiff } from './unified-diff-parser.ts';

/**
 * A line of the new side of a file that the diff shows: added, or context inside a hunk. Both
 * hosts take comments only on lines their diff shows; GitLab also needs the old side's number of a
 * context line (a position on an unchanged line names both sides).
 */
export interface DiffLine {
  kind: 'added' | 'context';
  /** The line's number in the old file, for context lines. */
  oldLine?: number;
  /** Which hunk of the file shows it: a multi-line comment must stay within one (GitHub). */
  hunk: number;
}

export interface CommentableFile {
  /** The old path of a renamed file (GitLab positions name both). */
  previousPath?: string;
  /** New-side line number → the line as the diff shows it. */
  lines: ReadonlyMap<number, DiffLine>;
}

/** Changed files by their new path. */
export type CommentableLines = ReadonlyMap<string, CommentableFile>;

/**
 * The lines of each changed file a comment can be placed on, read from the same unified diff hunks
 * the review was made of. Binary, removed and too-large files have none.
 */
export function commentableLines(files: readonly ChangedFile[]): CommentableLines {
  const byPath = new Map<string, CommentableFile>();
  const hunksSeen = new Map<string, number>();
  for (const file of files) {
    if (file.binary || file.status === 'removed' || file.patch === '') continue;
    for (const parsed of parseUnifiedDiff(file.patch)) {
      const lines = new Map<number, DiffLine>(byPath.get(parsed.path)?.lines);
      for (const hunk of parsed.hunks) {
        // Numbered per file, across every section that names it.
        const hunkId = hunksSeen.get(parsed.path) ?? 0;
        hunksSeen.set(parsed.path, hunkId + 1);
        let oldLine = hunk.oldStart;
        let newLine = hunk.newStart;
        for (const text of hunk.lines) {
          if (text.startsWith('+')) {
            lines.set(newLine, { kind: 'added', hunk: hunkId });
            newLine += 1;
          } else if (text.startsWith('-')) {
            oldLine += 1;
          } else if (text.startsWith(' ')) {
            lines.set(newLine, { kind: 'context', oldLine, hunk: hunkId });
            oldLine += 1;
            newLine += 1;
          }
        }
      }
      const previousPath = parsed.previousPath ?? file.previousPath;
      if (lines.size > 0) byPath.set(parsed.path, { ...(previousPath ? { previousPath } : {}), lines });
    }
  }
  return byPath;
}
