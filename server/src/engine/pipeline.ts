import type { Db } from '../db/database.ts';
import type { ArtifactRecorder } from '../artifacts/artifact-recorder.ts';
import type { ConnectorConfig, ModelTimeouts } from '../connectors/ai/ai-types.ts';
import type { EventWriter } from './reporting/event-writer.ts';
import { FileLog } from './reporting/file-log.ts';
import { ReviewLogger } from './reporting/review-logger.ts';
import type { SecretBox } from '../settings/secret-box.ts';
import { errorCategoryTips } from '@reviewtrace/contracts';
import { runBatch, type BatchOutcome } from './batch-runner.ts';
import { loadAndPlanChange } from './change-loader.ts';
import { categoryOf, EngineError } from '../errors/engine-error.ts';
import type { PipelineTools, PlannedBatch } from './pipeline-types.ts';
import { systemClock, type Clock } from '../lib/clock.ts';
import { scopeToOrg } from '../auth/org-scope.ts';
import { findCancelState, findReviewHeading } from '../reviews/reviews.repository.ts';
import { postBack } from './posting/post-back.ts';
import type { ClaimedReview } from './queue.repository.ts';
import { saveComments } from './results.repository.ts';
import { openConnector, openOrgSecrets, type OpenedConnector } from '../settings/secrets.ts';
import { foldOutcome } from './review-outcome.ts';
import { mostlySkippedNote, skippedMostOf, summarizeCoverage } from './read-coverage/coverage-summary.ts';
import type { ConnectorSlots } from './slots/connector-slots.ts';
import { FailedBatchesRetry } from './retry/failed-batches-retry.ts';
import { cancelReason, shutdownReason } from './worker.ts';
import { supersededSummary } from '../reviews/superseded-summary.ts';
import { markDeliverySkipped } from '../webhooks/git-webhooks.repository.ts';
import { resolvePullRequestSource, webhookOf, type ResolvedSource } from './pull-request/review-source.ts';
import { startCommitStatuses, type CommitStatusReporter } from './pull-request/commit-status-reporter.ts';
import {
  canceledStatusText,
  failureStatusText,
  outcomeStatusText,
  progressStatusText,
} from './pull-request/commit-status-text.ts';

export interface PipelineDeps {
  db: Db;
  writer: EventWriter;
  artifacts: ArtifactRecorder;
  secrets: SecretBox;
  tools: PipelineTools;
  logDir: string | undefined;
  batchConcurrency: number;
  tokenBudget: number;
  /** Batches one review may run (MAX_BATCHES_PER_REVIEW); no limit when absent. */
  maxBatchesPerReview?: number | undefined;
  timeouts: Partial<ModelTimeouts>;
  /** The review's timeline clock (the demo's fast-forward runs on a virtual one); the system clock by default. */
  clock?: Clock;
  /** Adjusts the connector before use (the demo's fast-forward asks the simulator not to pace its stream). */
  tuneConnector?: (connector: ConnectorConfig) => ConnectorConfig;
  /** PUBLIC_URL: commit statuses link to the review's page under it; without it they carry no link. */
  publicUrl?: string | undefined;
  /** Connectors' concurrency limits, shared with every worker through the database. */
  slots?: ConnectorSlots | undefined;
}

/**
 * One review, from claim to terminal status: load the connector, fetch and plan the change, run
 * the batches (BATCH_CONCURRENCY at a time), save comments, report the completion and the final
 * status. Every failure ends as a failed review with its category and tip; a cancel as canceled;
 * a shutdown is rethrown so the worker hands the review back to the queue.
 */
export async function runReviewPipeline(deps: PipelineDeps, review: ClaimedReview, signal: AbortSignal): Promise<void> {
  const ref = { id: review.id, orgId: review.orgId };
  const secretValues = await openOrgSecrets(deps.db, deps.secrets, review.orgId);
  const logger = new ReviewLogger(
    deps.writer,
    ref,
    deps.logDir ? new FileLog(deps.logDir, review.id) : undefined,
    secretValues,
    clockOf(deps),
  );
  // Batches not started yet; a cancel reports them canceled rather than leaving them queued.
  let notStarted: PlannedBatch[] = [];
  // The Reviewtrace status of the reviewed commit, for webhook reviews and for PR reviews whose connector posts back.
  let statuses: CommitStatusReporter | undefined;
  try {
    await logger.status('running', { startedAt: review.startedAt });
    if (review.attempt > 1) logger.log('info', `Attempt ${review.attempt}: resuming after the previous worker stopped`);
    const loaded = await connectorFor(deps, review);
    const connector = { ...loaded, ...deps.tuneConnector?.(loaded) };
    logger.log(
      'info',
      `Using connector ${connector.providerType} · ${connector.model} (${connector.streaming ? 'streaming' : 'non-streaming'})`,
    );

    const resolved = await sourceOf(deps, review, logger);
    // A webhook exists to answer on the pull request; a pasted URL answers when its connector says so.
    const answersOnPullRequest = webhookOf(review) !== undefined || connector.postComments;
    const wantsStatuses = resolved !== undefined && answersOnPullRequest;
    // A webhook's review knows its head before the fetch: a failing fetch still ends its status.
    if (wantsStatuses && review.commitHash) statuses = statusesFor(deps, review, resolved, review.commitHash, logger);
    // A retry of a partial review's failed batches reads only their files and carries the rest over.
    const retry = await FailedBatchesRetry.open(deps.db, review);
    const loadedChange = await loadAndPlanChange({ ...deps, select: retry }, review, logger, signal, resolved);
    const { source, filteredOut } = loadedChange;
    const plan = retry ? retry.renumber(loadedChange.plan) : loadedChange.plan;
    const carried = retry?.carryOver(logger);
    if (wantsStatuses && !statuses && source?.headSha)
      statuses = statusesFor(deps, review, resolved, source.headSha, logger);
    for (const skip of plan.skipped) logger.log('info', `Skipped ${skip.path}: ${skip.reason}`);
    if (plan.batches.length === 0 && !carried?.batchIds.length) {
      const deliveryRowId = webhookOf(review)?.deliveryRowId;
      if (filteredOut && deliveryRowId)
        await markDeliverySkipped(deps.db, review.orgId, deliveryRowId, filteredOut.deliveryReason);
      const resultSummary = filteredOut?.summary ?? 'Nothing to review: every changed file was skipped.';
      const outcomeReason = filteredOut?.outcomeReason ?? nothingReviewedReason(plan.skipped.length);
      logger.completion({ resultSummary, commentCount: 0, outcome: 'nothing_reviewed', outcomeReason });
      await statuses?.finish('success', outcomeStatusText('nothing_reviewed', 0, outcomeReason));
      await finish(logger, review, 'success', clockOf(deps));
      return;
    }
    logger.log('info', `Split into ${plan.batches.length} batch(es) under a ${deps.tokenBudget}-token budget`);
    for (const batch of plan.batches)
      logger.batch({
        batchId: batch.batchId,
        status: 'queued',
        fileCount: batch.fileCount,
        tokenEstimate: batch.tokenEstimate,
      });

    // Read after the change is loaded: fetching a PR/MR fills in its title.
    const heading = await findReviewHeading(deps.db, scopeToOrg(review.orgId), review.id);
    const context = {
      now: clockOf(deps),
      clock: deps.clock ?? systemClock,
      review: { ...ref, title: heading?.title ?? null, repository: heading?.repository ?? null },
      connector,
      batchCount: plan.batches.length,
      logger,
      artifacts: deps.artifacts,
      tools: deps.tools,
      timeouts: deps.timeouts,
      secrets: secretValues,
      slots: deps.slots,
    };

    // An auth failure ends the review at once: no point asking the same provider again.
    const stopBatches = new AbortController();
    const batchSignal = AbortSignal.any([signal, stopBatches.signal]);
    const outcomes: BatchOutcome[] = [];
    const failures: { batchId: string; error: unknown }[] = [];
    const queue = [...plan.batches];
    notStarted = queue;
    let batchesStarted = 0;
    await Promise.all(
      Array.from({ length: Math.min(deps.batchConcurrency, queue.length) }, async () => {
        for (let batch = queue.shift(); batch; batch = queue.shift()) {
          if (batchSignal.aborted) break;
          statuses?.progress(progressStatusText(++batchesStarted, plan.batches.length));
          try {
            outcomes.push(await runBatch(context, batch, batchSignal));
          } catch (error) {
            if (signal.aborted) throw signal.reason;
            failures.push({ batchId: batch.batchId, error });
            if (categoryOf(error) === 'auth') stopBatches.abort(error);
          }
        }
      }),
    );
    if (signal.aborted) throw signal.reason;
    const authFailure = failures.find((f) => categoryOf(f.error) === 'auth');
    if (authFailure) throw authFailure.error;

    const outcome = foldOutcome(outcomes, failures, carried);
    // A cancel (or a push superseding this run) may have come after the last batch: no comment of
    // a canceled run is saved or posted.
    await throwIfCancelRequested(deps.db, review.id);
    await saveComments(deps.db, ref, outcome.comments);
    logger.log('info', `Parsing done: ${outcome.comments.length} comment(s) from ${outcomes.length} batch(es)`);
    if (answersOnPullRequest && source && outcome.status === 'success') {
      await throwIfCancelRequested(deps.db, review.id);
      // Carried comments were the original's to post; posting them again would repeat them.
      const fresh = outcome.comments.filter((c) => c.carriedFrom === undefined);
      await postBack(deps, review, logger, source, { ...outcome, comments: fresh }, signal);
    }
    // A review that read less than half of the change says so where people look: summary and PR status.
    const read = summarizeCoverage(plan.coverage);
    const mostlySkipped = skippedMostOf(read);
    logger.completion({
      resultSummary: mostlySkipped ? `${outcome.summary}\n\n${mostlySkippedNote(read)}` : outcome.summary,
      commentCount: outcome.comments.length,
      ...(outcome.errorSummary
        ? { errorSummary: outcome.errorSummary, errorCategory: outcome.errorCategory, tips: outcome.tips }
        : {}),
      ...(outcome.partial ? { partial: true } : {}),
      outcome: outcome.outcome,
      ...(outcome.outcomeReason ? { outcomeReason: clipReason(outcome.outcomeReason) } : {}),
      ...(outcome.failedBatches.length ? { failedBatches: outcome.failedBatches } : {}),
    });
    await (outcome.status === 'success' && outcome.outcome !== 'failed'
      ? statuses?.finish(
          'success',
          outcomeStatusText(
            outcome.outcome,
            outcome.comments.length,
            outcome.outcomeReason,
            mostlySkipped ? read : undefined,
          ),
        )
      : statuses?.finish('failure', failureStatusText(outcome.errorSummary ?? outcome.summary)));
    await finish(logger, review, outcome.status, clockOf(deps));
  } catch (error) {
    if (signal.reason === shutdownReason) {
      logger.log('warn', 'The worker is shutting down; the review goes back to the queue', { code: 'worker_lost' });
      await logger.flush().catch(() => undefined);
      throw error;
    }
    const failure = signal.aborted && categoryOf(signal.reason) === 'canceled' ? signal.reason : error;
    if (categoryOf(failure) === 'canceled')
      for (const batch of notStarted) logger.batch({ batchId: batch.batchId, status: 'canceled' });
    const { supersededBy } = await findCancelState(deps.db, review.id);
    await reportFailure(logger, review, clockOf(deps), failure, supersededBy, statuses);
  } finally {
    await logger.close().catch(() => undefined);
  }
}

/** The PR/MR and token of a review that reads one from a provider; undefined for an uploaded diff. */
async function sourceOf(
  deps: PipelineDeps,
  review: ClaimedReview,
  logger: ReviewLogger,
): Promise<ResolvedSource | undefined> {
  if (!review.prMrUrl || typeof review.metadata['diffArtifactId'] === 'string') return undefined;
  return resolvePullRequestSource(deps, { ...review, prMrUrl: review.prMrUrl }, logger);
}

function statusesFor(
  deps: PipelineDeps,
  review: ClaimedReview,
  source: ResolvedSource,
  sha: string,
  logger: ReviewLogger,
): CommitStatusReporter {
  return startCommitStatuses(
    (commit, status, signal) => deps.tools.postCommitStatus(source.ref, source.token, commit, status, signal),
    logger,
    { id: review.id, sha, publicUrl: deps.publicUrl },
  );
}

async function connectorFor(deps: PipelineDeps, review: ClaimedReview): Promise<OpenedConnector> {
  const connector =
    review.connectorId === null
      ? undefined
      : await openConnector(deps.db, deps.secrets, review.orgId, review.connectorId);
  if (!connector)
    throw new EngineError('unknown', 'The review has no AI connector (it may have been deleted); choose one and retry');
  return connector;
}

async function finish(
  logger: ReviewLogger,
  review: ClaimedReview,
  status: 'success' | 'failed' | 'canceled',
  now: () => Date,
) {
  const finishedAt = now();
  await logger.status(status, { finishedAt, durationMs: finishedAt.getTime() - review.startedAt.getTime() });
}

async function throwIfCancelRequested(db: Db, reviewId: number) {
  if ((await findCancelState(db, reviewId)).cancelRequested) throw cancelReason;
}

async function reportFailure(
  logger: ReviewLogger,
  review: ClaimedReview,
  now: () => Date,
  error: unknown,
  supersededBy: number | null,
  statuses: CommitStatusReporter | undefined,
) {
  const category = categoryOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (category === 'canceled') {
    const summary = supersededBy === null ? 'Canceled by a user' : supersededSummary(supersededBy);
    logger.log('warn', `${summary}; stopped`, { code: 'canceled' });
    logger.completion({
      resultSummary: summary,
      commentCount: 0,
      errorSummary: summary,
      errorCategory: 'canceled',
      tips: [],
    });
    await statuses?.finish('error', canceledStatusText(supersededBy));
    await finish(logger, review, 'canceled', now);
    return;
  }
  const tip = errorCategoryTips[category];
  logger.log('error', message, { code: category });
  logger.completion({
    resultSummary: message,
    commentCount: 0,
    errorSummary: message,
    errorCategory: category,
    tips: tip.text ? [tip] : [],
    outcome: 'failed',
    outcomeReason: clipReason(message),
  });
  await statuses?.finish('failure', failureStatusText(message));
  await finish(logger, review, 'failed', now);
}

/** Why a change gave no batch: its files were all skipped (binary, lock, generated…), or there were none. */
function nothingReviewedReason(skipped: number): string {
  return skipped > 0 ? 'every changed file was skipped' : 'the change has no reviewable file';
}

/** The completion event keeps reasons under 2,000 characters (contracts/src/events.ts). */
const clipReason = (reason: string) => (reason.length > 2000 ? `${reason.slice(0, 1999)}…` : reason);

const clockOf = (deps: PipelineDeps) => {
  const clock = deps.clock ?? systemClock;
  return () => new Date(clock.now());
};
