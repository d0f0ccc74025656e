import type { DiffRefs, GitToken, PullRequestRef } from './git-types.ts';

/** One finding placed on a line the diff shows (engine/posting decides which ones are). */
export interface InlineComment {
  path: string;
  /** The old path of a renamed file (GitLab positions name both paths). */
  previousPath?: string;
  /** New-side line number. */
  line: number;
  /** First line of a multi-line range ending at `line`, in the same hunk. */
  startLine?: number;
  /** The old side's number when `line` is an unchanged (context) line: GitLab needs both. */
  oldLine?: number;
  body: string;
}

/** The pull/merge request to post on, at the commit that was reviewed. */
export interface PostingTarget {
  ref: PullRequestRef;
  token: GitToken;
  webUrl: string;
  /** The reviewed head commit (GitHub's `commit_id`). */
  headSha: string | null;
  /** GitLab's diff_refs of the reviewed diff. */
  diffRefs?: DiffRefs;
}

/** The host's answer to one inline comment: posted (with its link) or refused for its position. */
export type CommentAnswer = { posted: true; url: string } | { posted: false; error: string };

/**
 * What a provider can post. Failures other than a refused position are thrown as EngineErrors:
 * `git_permission` when the token may read but not write, `git_provider` otherwise, `canceled`.
 */
export interface ReviewPoster {
  readonly label: 'GitHub' | 'GitLab';
  /**
   * Everything at once when the host can (GitHub: one pull request review with the summary as its
   * body): its link and each comment's (in order, where the host told them), or `rejected` when
   * the host refused a position and posted nothing.
   */
  postAll?(
    summary: string,
    comments: InlineComment[],
  ): Promise<{ url: string; commentUrls: (string | undefined)[] } | { rejected: string }>;
  postOne(comment: InlineComment): Promise<CommentAnswer>;
  postSummary(markdown: string): Promise<{ url: string }>;
}
