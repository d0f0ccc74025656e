/** What the Reviewtrace status on the reviewed commit says, at each step (GitHub keeps 140 characters). */
const MAX_DESCRIPTION = 140;

export const startedStatusText = () => 'Reviewtrace: reviewing';

export const progressStatusText = (batch: number, total: number) =>
  `Reviewtrace: reviewing (batch ${Math.min(batch, total)} of ${total})`;

/** `mostlySkipped`: the lines of a review that read less than half of the change, which the status names. */
export function successStatusText(
  commentCount: number,
  partial = false,
  mostlySkipped?: { linesReviewed: number; linesTotal: number },
): string {
  const comments = commentCount === 0 ? 'No comments' : commentCount === 1 ? '1 comment' : `${commentCount} comments`;
  const text = partial ? `${comments} (some batches failed)` : comments;
  if (!mostlySkipped) return text;
  const { linesReviewed, linesTotal } = mostlySkipped;
  return clip(`${text}; read only ${count(linesReviewed)} of ${count(linesTotal)} changed lines`);
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * A successful review's description by its outcome: a review that read nothing says so rather
 * than "No comments", which would read as a clean bill.
 */
export function outcomeStatusText(
  outcome: 'clean' | 'findings' | 'partial' | 'nothing_reviewed',
  commentCount: number,
  reason: string | null,
  mostlySkipped?: { linesReviewed: number; linesTotal: number },
): string {
  if (outcome === 'nothing_reviewed') return clip(`Nothing reviewed: ${reason ?? 'no file was read'}`);
  return successStatusText(commentCount, outcome === 'partial', mostlySkipped);
}

/** "Review failed: <the message's first clause>", without the tip that follows a dash or semicolon. */
export function failureStatusText(message: string): string {
  const reason = message.split(/ — |; /)[0]!.trim();
  return clip(`Review failed: ${reason}`);
}

export const canceledStatusText = (supersededBy: number | null) =>
  supersededBy === null ? 'Canceled' : `Superseded by #${supersededBy}`;

function clip(text: string): string {
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
}

/** A commit SHA as people write it. */
export const shortSha = (sha: string) => sha.slice(0, 7);
