import type { ReviewCoverage, ReviewStartedBy } from '@reviewtrace/contracts';

/**
 * The sentences a webhook/PR review's header and list row say about where it came from and what
 * it covers (issue 14), apart from the components so they are tested as text.
 */

export const shortSha = (sha: string) => sha.slice(0, 7);

export interface CoverageLine {
  text: string;
  /** The earlier review the text names, to link to. */
  earlierReviewId: number | null;
}

/** "Reviews a1b2c3d..e4f5g6h (2 new commits) — the earlier review #790 covered up to a1b2c3d". */
export function coverageLine(coverage: ReviewCoverage | null | undefined): CoverageLine | null {
  if (!coverage) return null;
  if (coverage.fallback === 'force_push') {
    return {
      text: "Reviews the whole pull request (a force-push replaced the earlier review's commits)",
      earlierReviewId: null,
    };
  }
  if (coverage.sinceSha && coverage.headSha) {
    const commits = coverage.newCommits === null ? '' : ` (${plural(coverage.newCommits, 'new commit')})`;
    const earlier =
      coverage.earlierReviewId === null ? 'the earlier review' : `the earlier review #${coverage.earlierReviewId}`;
    return {
      text: `Reviews ${shortSha(coverage.sinceSha)}..${shortSha(coverage.headSha)}${commits} — ${earlier} covered up to ${shortSha(coverage.sinceSha)}`,
      earlierReviewId: coverage.earlierReviewId,
    };
  }
  return coverage.headSha
    ? { text: `Reviews the whole pull request at ${shortSha(coverage.headSha)}`, earlierReviewId: null }
    : null;
}

/** What the delivery asked for, as people say it: GitHub's and GitLab's actions. */
const happenings: Record<string, (pr: string) => string> = {
  synchronize: (pr) => `by a push to ${pr}`,
  update: (pr) => `by a push to ${pr}`,
  opened: (pr) => `when ${pr} was opened`,
  open: (pr) => `when ${pr} was opened`,
  reopened: (pr) => `when ${pr} was reopened`,
  reopen: (pr) => `when ${pr} was reopened`,
  ready_for_review: (pr) => `when ${pr} was marked ready for review`,
};

/** "Started by a push to acme/app#42 (a1b2c3d)", "Started when acme/app#42 was opened (a1b2c3d)". */
export function startedByText(startedBy: ReviewStartedBy): string {
  const separator = startedBy.provider === 'gitlab' ? '!' : '#';
  const pr = `${startedBy.repository ?? 'the pull request'}${startedBy.number === null ? '' : `${separator}${startedBy.number}`}`;
  const happening = startedBy.action ? happenings[startedBy.action] : undefined;
  const what = happening ? happening(pr) : `by a webhook delivery for ${pr}`;
  return `Started ${what}${startedBy.headSha ? ` (${shortSha(startedBy.headSha)})` : ''}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
