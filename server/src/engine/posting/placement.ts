import type { InlineComment } from '../../connectors/git/posting-types.ts';
import type { CommentableLines } from '../diff/commentable-lines.ts';
import type { ReviewComment } from '../pipeline-types.ts';
import { findingMarkdown } from './posting-markdown.ts';

export interface PlacedFinding {
  finding: ReviewComment;
  comment: InlineComment;
}

export interface MovedFinding {
  finding: ReviewComment;
  /** Why it is in the summary instead of on its line. */
  reason: string;
}

/**
 * Which findings can go on their line: those whose line the diff shows on its new side (added or
 * context). A finding without a line, or on a line the diff does not show, goes into the summary:
 * both hosts refuse a comment there.
 */
export function placeFindings(
  findings: readonly ReviewComment[],
  lines: CommentableLines,
): { inline: PlacedFinding[]; moved: MovedFinding[] } {
  const inline: PlacedFinding[] = [];
  const moved: MovedFinding[] = [];
  for (const finding of findings) {
    const file = lines.get(finding.filePath);
    if (finding.lineNumber === null) {
      moved.push({ finding, reason: 'no line given' });
      continue;
    }
    const line = file?.lines.get(finding.lineNumber);
    if (!file || !line) {
      moved.push({
        finding,
        reason: file ? `line ${finding.lineNumber} is not part of the diff` : 'the file has no diff to comment on',
      });
      continue;
    }
    // A range goes on its last line, starting at its first, when both are in one hunk; otherwise
    // on its first line alone (the host would refuse a range across hunks).
    const end = finding.endLine === undefined ? undefined : file.lines.get(finding.endLine);
    const range =
      finding.endLine !== undefined && end?.hunk === line.hunk ? { last: finding.endLine, lastLine: end } : undefined;
    const anchor = range?.lastLine ?? line;
    inline.push({
      finding,
      comment: {
        path: finding.filePath,
        ...(file.previousPath ? { previousPath: file.previousPath } : {}),
        line: range?.last ?? finding.lineNumber,
        ...(range ? { startLine: finding.lineNumber } : {}),
        ...(anchor.oldLine !== undefined ? { oldLine: anchor.oldLine } : {}),
        body: findingMarkdown(finding),
      },
    });
  }
  return { inline, moved };
}
