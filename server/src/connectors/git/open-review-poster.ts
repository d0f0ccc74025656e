import type { GitCallOptions } from './git-types.ts';
import { githubReviewPoster } from './github-review-poster.ts';
import { gitlabDiscussionPoster } from './gitlab-discussion-poster.ts';
import type { PostingTarget, ReviewPoster } from './posting-types.ts';

/** The poster for the target's provider; every request goes through `options.outbound`. */
export function openReviewPoster(target: PostingTarget, options: GitCallOptions): ReviewPoster {
  return target.ref.provider === 'github'
    ? githubReviewPoster(target, options)
    : gitlabDiscussionPoster(target, options);
}
