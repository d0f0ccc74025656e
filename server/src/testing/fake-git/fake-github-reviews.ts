import { fakeDiffLines } from './fake-diff-lines.ts';
import type { FakeGitHubFile, FakeGitHubPull } from './fake-github.ts';
import type { FakeRequest, FakeResponse } from './fake-http-server.ts';

/** A review comment as it arrived (pulls.createReview's `comments[]`, or pulls.createReviewComment). */
export interface FakeGitHubReviewComment {
  path: string;
  line: number;
  side: string;
  start_line?: number;
  start_side?: string;
  body: string;
  commit_id?: string;
}

/** What the fake GitHub accepted: reviews (with their comments) and single review comments. */
export interface FakeGitHubPosted {
  reviews: {
    id: number;
    pull: number;
    commit_id?: string;
    event?: string;
    body: string;
    comments: (FakeGitHubReviewComment & { id: number })[];
  }[];
  comments: (FakeGitHubReviewComment & { id: number; pull: number })[];
}

export function emptyGitHubPosted(): FakeGitHubPosted {
  return { reviews: [], comments: [] };
}

/**
 * GitHub's review endpoints: POST /repos/{o}/{r}/pulls/{n}/reviews (pulls.createReview),
 * GET …/reviews/{id}/comments (pulls.listCommentsForReview) and POST …/pulls/{n}/comments
 * (pulls.createReviewComment). Like GitHub, every comment's path and line
 * must be in the pull request's diff (its files' patches; `diffOnPost` when the test says GitHub's
 * diff moved on): a review with any line outside it is refused whole (422 "Line could not be
 * resolved"), a single comment with GitHub's "Validation Failed" body. A read-only token gets 403
 * "Resource not accessible by personal access token" on every write (404 with `'not-found'`). `undefined` for other routes.
 */
export function githubReviewRoutes(
  pulls: FakeGitHubPull[],
  posted: FakeGitHubPosted,
  options: { readOnly?: boolean | 'not-found' },
  request: FakeRequest,
  webOrigin: string,
  path: string,
): FakeResponse | undefined {
  const match = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/(reviews|comments)$/.exec(path);
  if (request.method === 'POST' && options.readOnly) {
    // A classic token without `repo` may read a pull request it can see but gets 404 on writes.
    if (options.readOnly === 'not-found') return githubError(404, 'Not Found');
    return githubError(403, 'Resource not accessible by personal access token');
  }
  const reviewComments = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews\/(\d+)\/comments$/.exec(path);
  if (reviewComments && request.method === 'GET') {
    const [, owner, repo, number, reviewId] = reviewComments;
    const review = posted.reviews.find((r) => r.id === Number(reviewId) && r.pull === Number(number));
    if (!review) return githubError(404, 'Not Found');
    const webPull = `${webOrigin}/${owner}/${repo}/pull/${number}`;
    return {
      status: 200,
      body: review.comments.map((comment) => ({
        ...comment,
        pull_request_review_id: review.id,
        commit_id: review.commit_id,
        html_url: `${webPull}#discussion_r${comment.id}`,
      })),
    };
  }
  if (!match || request.method !== 'POST') return undefined;
  const [, owner, repo, number, kind] = match;
  const pull = pulls.find((p) => p.owner === owner && p.repo === repo && p.number === Number(number));
  if (!pull) return githubError(404, 'Not Found');
  const body = JSON.parse(request.body || '{}') as Record<string, unknown>;
  const webPull = `${webOrigin}/${owner}/${repo}/pull/${number}`;
  const id = nextId(posted);

  if (kind === 'reviews') {
    const sent = (Array.isArray(body['comments']) ? body['comments'] : []) as FakeGitHubReviewComment[];
    const problem = sent.map((comment) => commentProblem(pull, comment)).find(Boolean);
    if (problem) return githubError(422, 'Unprocessable Entity', [problem.forReview]);
    const comments = sent.map((comment, index) => ({ ...comment, id: id + 1 + index }));
    if (body['event'] === 'COMMENT' && !body['body'] && comments.length === 0)
      return githubError(422, 'Unprocessable Entity', ['Body is required for COMMENT']);
    const review = {
      id,
      pull: pull.number,
      commit_id: body['commit_id'] as string | undefined,
      event: body['event'] as string | undefined,
      body: (body['body'] as string | undefined) ?? '',
      comments,
    };
    posted.reviews.push(review);
    return {
      status: 200,
      body: {
        id,
        node_id: `PRR_${id}`,
        user: { login: 'reviewtrace-bot', id: 2, type: 'User' },
        body: review.body,
        state: review.event === 'COMMENT' ? 'COMMENTED' : 'PENDING',
        html_url: `${webPull}#pullrequestreview-${id}`,
        pull_request_url: `${webOrigin}/repos/${owner}/${repo}/pulls/${number}`,
        commit_id: review.commit_id ?? pull.headSha,
        submitted_at: new Date().toISOString(),
      },
    };
  }

  const comment = body as unknown as FakeGitHubReviewComment;
  if (!comment.commit_id) return githubError(422, 'Validation Failed', [{ field: 'commit_id', code: 'missing_field' }]);
  const problem = commentProblem(pull, comment);
  if (problem) return githubError(422, 'Validation Failed', [problem.forComment]);
  posted.comments.push({ ...comment, id, pull: pull.number });
  return {
    status: 201,
    body: { id, ...comment, html_url: `${webPull}#discussion_r${id}`, pull_request_review_id: id + 1 },
  };
}

/** Ids for reviews and comments alike, unique in one fake (a review takes one per comment too). */
function nextId(posted: FakeGitHubPosted): number {
  const used = [
    ...posted.reviews.flatMap((review) => [review.id, ...review.comments.map((c) => c.id)]),
    ...posted.comments.map((c) => c.id),
  ];
  return Math.max(5000, ...used) + 1;
}

/** Why GitHub would refuse the comment's position, in its two error shapes; undefined when fine. */
function commentProblem(pull: FakeGitHubPull, comment: FakeGitHubReviewComment) {
  const files: FakeGitHubFile[] = pull.diffOnPost ?? pull.files;
  const file = files.find((f) => f.filename === comment.path);
  if (!file?.patch) {
    return {
      forReview: 'Path could not be resolved',
      forComment: { resource: 'PullRequestReviewComment', code: 'invalid', field: 'path' },
    };
  }
  const lines = fakeDiffLines(file.patch);
  const line = lines.get(comment.line);
  const start = comment.start_line === undefined ? line : lines.get(comment.start_line);
  if (!line || comment.side !== 'RIGHT') {
    return {
      forReview: 'Line could not be resolved',
      forComment: lineError('pull_request_review_thread.line must be part of the diff'),
    };
  }
  if (!start || start.hunk !== line.hunk) {
    return {
      forReview: 'Line could not be resolved',
      forComment: lineError('pull_request_review_thread.start_line must be part of the same hunk as the line.'),
    };
  }
  return undefined;
}

const lineError = (message: string) => ({
  resource: 'PullRequestReviewComment',
  code: 'custom',
  field: 'pull_request_review_thread.line',
  message,
});

function githubError(status: number, message: string, errors?: unknown[]): FakeResponse {
  return {
    status,
    body: {
      message,
      ...(errors ? { errors } : {}),
      documentation_url: 'https://docs.github.com/rest/pulls/reviews',
      status: String(status),
    },
  };
}
