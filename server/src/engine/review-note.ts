import type { ReviewComment } from './pipeline-types.ts';

/** GitHub caps a comment at 65,536 characters; stay well inside it. */
const MAX_NOTE_CHARS = 60_000;
const severityIcon: Record<string, string> = { critical: '🔴', warning: '🟠', info: '🔵' };

/** The review as one markdown comment for the pull/merge request, comments grouped by file. */
export function reviewNoteMarkdown(summary: string, comments: ReviewComment[], reviewUrl: string | undefined): string {
  const byFile = new Map<string, ReviewComment[]>();
  for (const comment of comments) byFile.set(comment.filePath, [...(byFile.get(comment.filePath) ?? []), comment]);
  const lines = ['### AI review (Reviewtrace)', '', summary.trim(), ''];
  for (const [file, fileComments] of byFile) {
    lines.push(`**\`${file}\`**`);
    for (const c of fileComments.sort((a, b) => (a.lineNumber ?? 0) - (b.lineNumber ?? 0))) {
      const where = c.lineNumber === null ? '' : ` L${c.lineNumber}`;
      lines.push(
        `- ${severityIcon[c.severity] ?? '•'}${where} ${c.content.trim()}${c.suggestion ? ` — _${c.suggestion.trim()}_` : ''}`,
      );
    }
    lines.push('');
  }
  if (reviewUrl) lines.push(`[Full review, log and prompts](${reviewUrl})`);
  const text = lines.join('\n');
  return text.length > MAX_NOTE_CHARS ? `${text.slice(0, MAX_NOTE_CHARS)}\n\n…(truncated)` : text;
}
