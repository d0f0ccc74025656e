import type { ReviewDetail, SummaryComment } from '@reviewtrace/contracts';
import type { listComments } from './reviews.repository.ts';

export type { SummaryComment };

/** A stored comment as the download shows it: its JSON content spread into fields. */
export function toSummaryComment(row: Awaited<ReturnType<typeof listComments>>[number]): SummaryComment {
  const content = (row.content ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof content[key] === 'string' ? (content[key] as string) : null);
  return {
    filePath: row.file_path,
    lineNumber: row.line_number,
    severity: text('severity'),
    category: text('category'),
    content: text('content') ?? JSON.stringify(content),
    suggestion: text('suggestion'),
  };
}

/** The summary download as markdown: what a reviewer pastes into a ticket. */
export function summaryMarkdown(review: ReviewDetail, comments: SummaryComment[]): string {
  const lines = [
    `# ${review.title}`,
    '',
    `- Review ${review.id} · ${review.status}${review.durationMs === null ? '' : ` · ${Math.round(review.durationMs / 1000)} s`}`,
    review.prMrUrl ? `- ${review.prMrUrl}` : undefined,
    review.connector ? `- ${review.connector.providerType ?? ''} · ${review.connector.model ?? ''}` : undefined,
    review.errorSummary ? `- **${review.errorCategory ?? 'error'}**: ${review.errorSummary}` : undefined,
    '',
    '## Summary',
    '',
    review.result?.summary ?? '_No summary yet._',
    '',
    `## Comments (${comments.length})`,
  ].filter((line): line is string => line !== undefined);
  let file: string | null | undefined;
  for (const c of comments) {
    if (c.filePath !== file) {
      file = c.filePath;
      lines.push('', `### \`${file ?? '(general)'}\``);
    }
    const where = c.lineNumber === null ? '' : `L${c.lineNumber} `;
    lines.push(`- ${where}[${c.severity ?? 'info'}] ${c.content}${c.suggestion ? ` — ${c.suggestion}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
