import type { Clock } from '../lib/clock.ts';
import type { ChangedFile, GitToken, PullRequestChange, PullRequestRef } from '../connectors/git/git-types.ts';
import type { PostingTarget, ReviewPoster } from '../connectors/git/posting-types.ts';
import type { CommentableLines } from './diff/commentable-lines.ts';
import type { CoveredFile } from './diff/diff-types.ts';
import type { CommitComparison } from '../connectors/git/compare-commits.ts';
import type { CommitStatus } from '../connectors/git/commit-status.ts';
import type {
  ConnectorConfig,
  ModelCallObserver,
  ModelCallResult,
  ModelRequest,
  ModelTimeouts,
} from '../connectors/ai/ai-types.ts';

/** One batch of the diff, ready to prompt. */
export interface PlannedBatch {
  batchId: string;
  files: string[];
  fileCount: number;
  tokenEstimate: number;
  diff: string;
}

export interface ReviewPlan {
  batches: PlannedBatch[];
  skipped: { path: string; reason: string }[];
  /** Every file of the change and what the batches read of it (./read-coverage). */
  coverage: CoveredFile[];
}

export interface ReviewComment {
  filePath: string;
  lineNumber: number | null;
  /** The last line of a multi-line finding (lineNumber..endLine); absent for one line. */
  endLine?: number;
  severity: string;
  category: string | null;
  content: string;
  suggestion: string | null;
}

export interface ParsedOutput {
  outcome: 'ok' | 'repaired' | 'failed';
  strategy?: string;
  summary?: string;
  comments: ReviewComment[];
  droppedComments: number;
  why?: string;
  rawExcerpt?: string;
  category?: 'invalid_json' | 'truncated_json';
}

/**
 * The outside world the pipeline talks to, passed in (not imported) so each piece stays small and
 * the wiring in one place: git providers, the diff planner, the model call and the output parser.
 */
export interface PipelineTools {
  parsePullRequestUrl(url: string): PullRequestRef;
  chooseToken(ref: PullRequestRef, tokens: GitToken[]): GitToken | undefined;
  fetchPullRequest(ref: PullRequestRef, token: GitToken, signal: AbortSignal): Promise<PullRequestChange>;
  /** What changed from an earlier reviewed head to the current one (issue 14's since-SHA coverage). */
  compareCommits(
    ref: PullRequestRef,
    token: GitToken,
    base: string,
    head: string,
    signal: AbortSignal,
  ): Promise<CommitComparison>;
  postCommitStatus(
    ref: PullRequestRef,
    token: GitToken,
    sha: string,
    status: CommitStatus,
    signal: AbortSignal,
  ): Promise<void>;
  planFromDiff(diff: string, tokenBudget: number, maxBatches?: number): ReviewPlan;
  planFromFiles(files: ChangedFile[], tokenBudget: number, maxBatches?: number): ReviewPlan;
  callModel(
    config: ConnectorConfig,
    request: ModelRequest,
    options: { signal: AbortSignal; timeouts: Partial<ModelTimeouts>; observer: ModelCallObserver; clock: Clock },
  ): Promise<ModelCallResult>;
  parseModelOutput(raw: string): ParsedOutput;
  openReviewPoster(target: PostingTarget, signal: AbortSignal): ReviewPoster;
}

/**
 * The pull/merge request a review came from, kept to post the result back: where (at the reviewed
 * head commit), and which lines its diff shows, so findings elsewhere go into the summary.
 */
export interface PullRequestSource extends PostingTarget {
  lines: CommentableLines;
}
