import { canceledError, providerCall } from './git-errors.ts';
import type { GitCallOptions } from './git-types.ts';
import { githubClient, toEngineError } from './github-pull-request.ts';
import { refusedPositionText, writeAccessError } from './posting-errors.ts';
import type { InlineComment, PostingTarget, ReviewPoster } from './posting-types.ts';

/**
 * Posts on a GitHub pull request: first one review (`pulls.createReview`, event COMMENT) with the
 * summary as its body and a comment per finding on the reviewed head commit. GitHub rejects the
 * whole review (422) when any line is not in its diff; the engine then posts the comments one by
 * one (`pulls.createReviewComment`) to find the refused ones, and the summary as a review of its own.
 */
export function githubReviewPoster(target: PostingTarget, { outbound, signal }: GitCallOptions): ReviewPoster {
  const { octokit, baseUrl } = githubClient(target.token, { outbound, signal });
  const call = providerCall(target.ref, baseUrl);
  const [owner = '', repo = ''] = target.ref.repository.split('/');
  const pull = { owner, repo, pull_number: target.ref.number };
  const commit = target.headSha ? { commit_id: target.headSha } : {};

  /** A refused position as text; every other failure thrown as an EngineError. */
  const refusal = (error: unknown): string => {
    if (signal?.aborted) throw canceledError(call, error);
    const status = statusOf(error);
    if (status === 422) return refusedPositionText(call, status);
    if ((status === 403 && !rateLimited(error)) || status === 404) throw writeAccessError(call, status, error);
    throw toEngineError(call, error, signal);
  };

  /**
   * Each comment's own link (`#discussion_r…`), read back from the review, in the order they were
   * sent. The links are a convenience: when reading them fails, the review's link stands in.
   */
  const commentLinks = async (reviewId: number, comments: InlineComment[]): Promise<(string | undefined)[]> => {
    try {
      const listed = await octokit.paginate(octokit.rest.pulls.listCommentsForReview, {
        ...pull,
        review_id: reviewId,
        per_page: 100,
      });
      const unused = [...listed];
      return comments.map((comment) => {
        const index = unused.findIndex((c) => c.path === comment.path && c.line === comment.line);
        return index < 0 ? undefined : unused.splice(index, 1)[0]!.html_url;
      });
    } catch (error) {
      if (signal?.aborted) throw canceledError(call, error);
      return [];
    }
  };

  return {
    label: 'GitHub',
    async postAll(summary, comments) {
      try {
        const { data } = await octokit.rest.pulls.createReview({
          ...pull,
          ...commit,
          event: 'COMMENT',
          body: summary,
          comments: comments.map(reviewComment),
        });
        return { url: data.html_url, commentUrls: await commentLinks(data.id, comments) };
      } catch (error) {
        return { rejected: refusal(error) };
      }
    },
    async postOne(comment) {
      if (!target.headSha) return { posted: false, error: 'The reviewed head commit is unknown' };
      try {
        const { data } = await octokit.rest.pulls.createReviewComment({
          ...pull,
          commit_id: target.headSha,
          body: comment.body,
          path: comment.path,
          line: comment.line,
          side: 'RIGHT',
          ...(comment.startLine !== undefined && comment.startLine < comment.line
            ? { start_line: comment.startLine, start_side: 'RIGHT' as const }
            : {}),
        });
        return { posted: true, url: data.html_url };
      } catch (error) {
        return { posted: false, error: refusal(error) };
      }
    },
    async postSummary(markdown) {
      try {
        const { data } = await octokit.rest.pulls.createReview({
          ...pull,
          ...commit,
          event: 'COMMENT',
          body: markdown,
        });
        return { url: data.html_url };
      } catch (error) {
        const status = statusOf(error);
        if (!signal?.aborted && ((status === 403 && !rateLimited(error)) || status === 404))
          throw writeAccessError(call, status, error);
        throw toEngineError(call, error, signal);
      }
    },
  };
}

function reviewComment(comment: InlineComment) {
  return {
    path: comment.path,
    line: comment.line,
    side: 'RIGHT',
    body: comment.body,
    ...(comment.startLine !== undefined && comment.startLine < comment.line
      ? { start_line: comment.startLine, start_side: 'RIGHT' }
      : {}),
  };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  const answered = (error as { response?: unknown } | null)?.response !== undefined;
  return answered && typeof status === 'number' ? status : undefined;
}

/** GitHub's primary rate limit is a 403 too; it is not a missing permission. */
function rateLimited(error: unknown): boolean {
  const headers = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers ?? {};
  return String(headers['x-ratelimit-remaining']) === '0';
}
