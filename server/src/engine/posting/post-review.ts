import type { PostingData } from '@reviewtrace/contracts';
import type { ReviewPoster } from '../../connectors/git/posting-types.ts';
import { categoryOf, EngineError } from '../../errors/engine-error.ts';
import type { CommentableLines } from '../diff/commentable-lines.ts';
import type { ReviewComment } from '../pipeline-types.ts';
import { placeFindings, type MovedFinding, type PlacedFinding } from './placement.ts';
import { summaryMarkdown } from './posting-markdown.ts';

export type PostingResult = Required<Pick<PostingData, 'path' | 'line' | 'outcome'>> &
  Pick<PostingData, 'url' | 'error'>;

export interface PostingReport {
  /** The summary (GitHub: the review) on the pull/merge request, when it was posted. */
  url?: string;
  /** One per finding, then one for the summary itself (path null), in the order they happened. */
  results: PostingResult[];
  /** Why posting stopped, when it did (`git_permission`: the token may not write). */
  failure?: EngineError;
}

/**
 * Posts a finished review on its pull/merge request: findings on lines the diff shows as inline
 * comments, the others (no line, outside the diff, refused by the host) in the summary. When the
 * host takes everything at once (GitHub) that is one request; if it refuses any position, the
 * comments go one by one so that the refused ones alone move to the summary. A write the host
 * refuses for lack of permission stops posting: what was not posted yet is reported `failed`.
 * A cancel is rethrown.
 */
export async function postReviewBack(
  poster: ReviewPoster,
  input: { summary: string; findings: readonly ReviewComment[]; lines: CommentableLines; reviewUrl?: string },
): Promise<PostingReport> {
  const { inline, moved } = placeFindings(input.findings, input.lines);
  const outcomes = new Map<ReviewComment, PostingResult>();
  const summaryOf = (inlineCount: number, movedFindings: readonly MovedFinding[]) =>
    summaryMarkdown({ summary: input.summary, inlineCount, moved: movedFindings, reviewUrl: input.reviewUrl });
  try {
    if (poster.postAll && inline.length > 0) {
      const answer = await poster.postAll(
        summaryOf(inline.length, moved),
        inline.map((placed) => placed.comment),
      );
      if ('url' in answer) return finished(answer.url, inline, moved, outcomes, answer.commentUrls);
    }
    const refused: MovedFinding[] = [];
    // One at a time: the order on the host follows the review's, and a permission refusal stops at once.
    for (const placed of inline) {
      const answer = await poster.postOne(placed.comment);
      if (answer.posted) outcomes.set(placed.finding, result(placed.finding, 'posted', { url: answer.url }));
      else refused.push({ finding: placed.finding, reason: answer.error });
    }
    const everyMoved = [...moved, ...refused];
    const { url } = await poster.postSummary(summaryOf(outcomes.size, everyMoved));
    return finished(url, [], everyMoved, outcomes);
  } catch (error) {
    if (categoryOf(error) === 'canceled') throw error;
    const failure =
      error instanceof EngineError
        ? error
        : new EngineError('git_provider', `Could not post the review: ${String(error)}`, { cause: error });
    const results = [...outcomes.values()];
    for (const finding of input.findings)
      if (!outcomes.has(finding)) results.push(result(finding, 'failed', { error: failure.message }));
    results.push({ path: null, line: null, outcome: 'failed', error: failure.message });
    return { results, failure };
  }
}

function finished(
  url: string,
  inline: readonly PlacedFinding[],
  moved: readonly MovedFinding[],
  earlier: ReadonlyMap<ReviewComment, PostingResult>,
  inlineUrls: readonly (string | undefined)[] = [],
): PostingReport {
  return {
    url,
    results: [
      ...earlier.values(),
      ...inline.map((placed, index) => result(placed.finding, 'posted', { url: inlineUrls[index] ?? url })),
      ...moved.map((item) => result(item.finding, 'moved', { url, error: item.reason })),
      { path: null, line: null, outcome: 'posted', url },
    ],
  };
}

function result(
  finding: ReviewComment,
  outcome: PostingResult['outcome'],
  extra: { url?: string; error?: string },
): PostingResult {
  return { path: finding.filePath, line: finding.lineNumber, outcome, ...extra };
}
