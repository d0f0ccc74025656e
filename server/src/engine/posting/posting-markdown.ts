import type { ReviewComment } from '../pipeline-types.ts';

/** GitHub caps a comment at 65,536 characters; stay well inside it. */
const MAX_NOTE_CHARS = 60_000;
const severityIcon: Record<string, string> = { critical: '🔴', warning: '🟠', info: '🔵' };

/** One finding as the body of its inline comment. */
export function findingMarkdown(finding: ReviewComment): string {
  const label = [finding.severity, finding.category].filter(Boolean).join(' · ');
  const lines = [`${severityIcon[finding.severity] ?? '•'} **${label}**`, '', finding.content.trim()];
  if (finding.suggestion) lines.push('', `_Suggestion:_ ${finding.suggestion.trim()}`);
  return lines.join('\n');
}

/**
 * The summary comment: the review's summary, how many comments are on their lines, and the findings
 * that could not go on a line (grouped by file, each with why).
 */
export function summaryMarkdown(input: {
  summary: string;
  inlineCount: number;
  moved: readonly { finding: ReviewComment; reason: string }[];
  reviewUrl?: string | undefined;
}): string {
  const lines = ['### AI review (Reviewtrace)', '', input.summary.trim(), ''];
  if (input.inlineCount > 0)
    lines.push(`${input.inlineCount} comment${input.inlineCount === 1 ? '' : 's'} on the changed lines.`, '');
  if (input.moved.length > 0) {
    lines.push(`#### Not on a line of the diff (${input.moved.length})`, '');
    const byFile = new Map<string, (typeof input.moved)[number][]>();
    for (const item of input.moved)
      byFile.set(item.finding.filePath, [...(byFile.get(item.finding.filePath) ?? []), item]);
    for (const [file, items] of byFile) {
      lines.push(`**\`${file}\`**`);
      for (const { finding, reason } of items.sort(
        (a, b) => (a.finding.lineNumber ?? 0) - (b.finding.lineNumber ?? 0),
      )) {
        const where = finding.lineNumber === null ? '' : ` L${finding.lineNumber}`;
        const suggestion = finding.suggestion ? ` — _${finding.suggestion.trim()}_` : '';
        lines.push(
          `- ${severityIcon[finding.severity] ?? '•'}${where} ${finding.content.trim()}${suggestion} (${reason})`,
        );
      }
      lines.push('');
    }
  }
  if (input.reviewUrl) lines.push(`[Full review, log and prompts](${input.reviewUrl})`);
  const text = lines.join('\n');
  return text.length > MAX_NOTE_CHARS ? `${text.slice(0, MAX_NOTE_CHARS)}\n\n…(truncated)` : text;
}
