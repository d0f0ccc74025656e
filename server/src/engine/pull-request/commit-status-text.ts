/** What the Reviewtrace status on the reviewed commit says, at each step (GitHub keeps 140 characters). */
const MAX_DESCRIPTION = 140;

export const startedStatusText = () => 'Reviewtrace: reviewing';

export const progressStatusText = (batch: number, total: number) =>
  `Reviewtrace: reviewing (batch ${Math.min(batch, total)} of ${total})`;

export function successStatusText(commentCount: number, partial = false): string {
  const comments = commentCount === 0 ? 'No comments' : commentCount === 1 ? '1 comment' : `${commentCount} comments`;
  return partial ? `${comments} (some batches failed)` : comments;
}

/**
 * A successful review's description by its outcome: a review that read nothing says so rather
 * than "No comments", which would read as a clean bill.
 */
export function outcomeStatusText(
  outcome: 'clean' | 'findings' | 'partial' | 'nothing_reviewed',
  commentCount: number,
  reason: string | null,
): string {
  if (outcome === 'nothing_reviewed') return clip(`Nothing reviewed: ${reason ?? 'no file was read'}`);
  return successStatusText(commentCount, outcome === 'partial');
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
