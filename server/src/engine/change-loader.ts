import type { Db } from '../db/database.ts';
import { scopeToOrg } from '../auth/org-scope.ts';
import type { ArtifactRecorder } from '../artifacts/artifact-recorder.ts';
import type { ReviewLogger } from './reporting/review-logger.ts';
import { redactText } from '../lib/redactor.ts';
import type { SecretBox } from '../settings/secret-box.ts';
import { EngineError } from '../errors/engine-error.ts';
import type { PipelineTools, PullRequestSource, ReviewPlan } from './pipeline-types.ts';
import type { ClaimedReview } from './queue.repository.ts';
import { saveChangeMetadata } from './results.repository.ts';
import { commentableLines } from './diff/commentable-lines.ts';
import { mergeReviewMetadata } from '../reviews/reviews.repository.ts';
import { applyPathFilters, nothingLeftWording } from './diff/path-filters.ts';
import type { ResolvedSource } from './pull-request/review-source.ts';
import type { ChangedFile, PullRequestChange } from '../connectors/git/git-types.ts';
import { coverSinceEarlierReview } from './pull-request/since-coverage.ts';
import type { CoveredFile } from './diff/diff-types.ts';
import { diffFilesFromChanges } from './diff/changed-files.ts';
import { linesOfFile } from './diff/file-coverage.ts';
import { saveFileCoverage } from './read-coverage/coverage.repository.ts';
import { summarizeCoverage } from './read-coverage/coverage-summary.ts';

export interface ChangeLoaderDeps {
  db: Db;
  artifacts: ArtifactRecorder;
  secrets: SecretBox;
  tools: PipelineTools;
  tokenBudget: number;
  maxBatchesPerReview?: number | undefined;
  /** A retry of failed batches: which files of the change to read (retry/failed-batches-retry.ts). */
  select?: FileSelection | undefined;
}

export interface FileSelection {
  selectFiles(files: ChangedFile[], headSha: string | null): ChangedFile[];
  selectDiff(diff: string): string;
}

export interface LoadedChange {
  plan: ReviewPlan;
  source?: PullRequestSource;
  /** Set when the webhook's path filters left no file: what the completion and the delivery log say. */
  filteredOut?: { summary: string; deliveryReason: string; outcomeReason: string };
}

/**
 * The change under review, planned into batches: a pasted diff (already stored as an artifact), or
 * a PR/MR fetched with the token `resolved` chose. A PR reviewed before covers only the change
 * since that review (./pull-request/since-coverage.ts), then the webhook's path filters apply. The
 * reviewed diff is stored as an artifact too.
 */
export async function loadAndPlanChange(
  deps: ChangeLoaderDeps,
  review: ClaimedReview,
  logger: ReviewLogger,
  signal: AbortSignal,
  resolved: ResolvedSource | undefined,
): Promise<LoadedChange> {
  const diffArtifactId = review.metadata['diffArtifactId'];
  if (typeof diffArtifactId === 'string') {
    const diff = await deps.artifacts.readText(scopeToOrg(review.orgId), review.id, diffArtifactId);
    if (diff === undefined)
      throw new EngineError('unknown', 'The uploaded diff of this review is missing from the artifact store');
    logger.log('info', `Reviewing the uploaded diff (${Buffer.byteLength(diff)} bytes)`);
    const selected = deps.select ? deps.select.selectDiff(diff) : diff;
    const plan = deps.tools.planFromDiff(selected, deps.tokenBudget, deps.maxBatchesPerReview);
    await saveFileCoverage(deps.db, review, summarizeCoverage(plan.coverage));
    return { plan };
  }
  if (!review.prMrUrl || !resolved)
    throw new EngineError('git_provider', 'The review has neither a PR/MR URL nor an uploaded diff');

  const { ref, token } = resolved;
  logger.log(
    'info',
    `Fetching ${ref.provider === 'github' ? 'pull request' : 'merge request'} ${ref.repository}#${ref.number} from ${token.providerUrl}`,
  );
  const change = await deps.tools.fetchPullRequest(ref, token, signal);
  await saveChangeMetadata(deps.db, review.id, change);
  logger.log('info', `Fetched "${change.title}": ${change.files.length} changed file(s)`);

  const prReview = { id: review.id, orgId: review.orgId, prMrUrl: review.prMrUrl };
  // A retry of failed batches is measured against its original, not against the PR's latest review.
  const covered = deps.select
    ? { files: deps.select.selectFiles(change.files, change.commitHash), coverage: wholeCoverage(change) }
    : await coverSinceEarlierReview(deps, prReview, resolved, change, logger, signal);
  await mergeReviewMetadata(deps.db, review.id, { coverage: covered.coverage });

  const filtered = applyPathFilters(resolved.webhook?.pathFilters ?? [], covered.files);
  for (const { file, reason } of filtered.excluded) logger.log('info', `Skipped ${file.path}: ${reason}`);

  const diff = filtered.kept.map((file) => file.patch).join('');
  logger.artifact(await deps.artifacts.record({ id: review.id, orgId: review.orgId }, 'diff', redactText(diff)));
  // Positions are checked against the whole PR's diff (what the host accepts), even when only the
  // change since an earlier review was read.
  const source: PullRequestSource = {
    ref,
    token,
    webUrl: change.webUrl,
    headSha: change.commitHash,
    ...(change.diffRefs ? { diffRefs: change.diffRefs } : {}),
    lines: commentableLines(change.files),
  };
  const nothingLeft = filtered.kept.length === 0 && filtered.excluded.length > 0;
  const planned = deps.tools.planFromFiles(filtered.kept, deps.tokenBudget, deps.maxBatchesPerReview);
  const plan = { ...planned, coverage: [...planned.coverage, ...filtered.excluded.map(pathFiltered)] };
  await saveFileCoverage(deps.db, review, summarizeCoverage(plan.coverage));
  return {
    plan,
    source,
    ...(nothingLeft ? { filteredOut: nothingLeftWording(filtered.wording) } : {}),
  };
}

/** A file the webhook's path filters left out: part of the change, not read. */
function pathFiltered({ file, reason }: { file: ChangedFile; reason: string }): CoveredFile {
  const [parsed] = diffFilesFromChanges([file]);
  const { additions, deletions } = parsed ? linesOfFile(parsed) : { additions: 0, deletions: 0 };
  return {
    path: file.path,
    status: 'skipped',
    reason: 'path filter',
    detail: reason,
    additions,
    deletions,
    linesRead: 0,
  };
}
const wholeCoverage = (change: PullRequestChange) => ({
  baseSha: change.baseSha,
  headSha: change.commitHash,
  sinceSha: null,
  earlierReviewId: null,
  newCommits: null,
});
