import { batchLabel } from '@reviewtrace/contracts';

export interface BatchSummaryText {
  batchId: string;
  summary: string;
  commentCount: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * One summary for the review however many batches it took. Each batch's model writes its own
 * "## Summary"; joined as they came, a three-batch review read as three summaries. Merged, it has one
 * heading, a line with the totals, and a per-batch breakdown whose headings sit under it.
 */
export function mergeSummaries(parts: BatchSummaryText[]): string {
  const written = parts.filter((part) => part.summary.trim() !== '');
  if (written.length <= 1) return written[0]?.summary ?? '';
  const comments = parts.reduce((total, part) => total + part.commentCount, 0);
  // Every batch is in the breakdown, a silent one too: "read nothing" must not look like "missing".
  const sections = parts.map((part) => {
    const body = part.summary.trim() === '' ? '_This batch wrote no summary._' : nestHeadings(part.summary);
    return `### ${batchLabel(part.batchId)} · ${plural(part.commentCount, 'comment')}\n\n${body}`;
  });
  return [
    '## Summary',
    `Reviewed in ${plural(parts.length, 'batch', 'batches')}: ${plural(comments, 'comment')} in total.`,
    ...sections,
  ].join('\n\n');
}

/** Drops a batch's own "Summary" heading and moves its other headings below the breakdown's `###`. */
function nestHeadings(markdown: string): string {
  const lines = markdown.trim().split('\n');
  let fenced = false;
  const headingLines: number[] = [];
  lines.forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced && /^#{1,6}\s/.test(line)) headingLines.push(index);
  });
  const first = headingLines[0];
  if (
    first !== undefined &&
    /^#{1,6}\s+summary\s*#*\s*$/i.test(lines[first]!) &&
    lines.slice(0, first).every((l) => !l.trim())
  ) {
    lines.splice(0, first + 1);
    headingLines.shift();
    for (let i = 0; i < headingLines.length; i++) headingLines[i]! -= first + 1;
  }
  const levels = headingLines.map((index) => /^#+/.exec(lines[index]!)![0].length);
  const shift = levels.length ? 4 - Math.min(...levels) : 0;
  for (const index of headingLines) {
    const line = lines[index]!;
    const level = /^#+/.exec(line)![0].length;
    lines[index] = '#'.repeat(Math.min(6, Math.max(4, level + shift))) + line.slice(level);
  }
  return lines.join('\n').trim();
}
