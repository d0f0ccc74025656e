import { outcomeSentence, outcomeWording, type ReviewDetail, type SummaryComment } from '@reviewtrace/contracts';
import type { listComments } from './reviews.repository.ts';

export type { SummaryComment };

/** A stored comment as the download shows it: its JSON content spread into fields. */
export function toSummaryComment(row: Awaited<ReturnType<typeof listComments>>[number]): SummaryComment {
  const content = (row.content ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof content[key] === 'string' ? (content[key] as string) : null);
  const carriedFrom = typeof content['carriedFrom'] === 'number' ? content['carriedFrom'] : undefined;
  return {
    ...(carriedFrom === undefined ? {} : { carriedFrom }),
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
    ...outcomeLines(review),
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
    const carried = c.carriedFrom ? ` _(from #${c.carriedFrom})_` : '';
    lines.push(`- ${where}[${c.severity ?? 'info'}] ${c.content}${c.suggestion ? ` — ${c.suggestion}` : ''}${carried}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The outcome line; one that warns (partial, nothing reviewed) is a quote with its tip, as the page shows it. */
function outcomeLines(review: ReviewDetail): string[] {
  if (!review.outcome) return [];
  const sentence = outcomeSentence(review.outcome, review.outcomeReason, review.failedBatches);
  const { tone, tip } = outcomeWording[review.outcome];
  if (tone !== 'warn') return [`- Outcome: ${sentence}`];
  return [`- Outcome: **${sentence}**`, '', `> ⚠ ${sentence}.${tip ? ` ${tip}` : ''}`];
}
