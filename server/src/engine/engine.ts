import { hostname } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { ArtifactRecorder } from '../artifacts/artifact-recorder.ts';
import type { ModelTimeouts } from '../connectors/ai/ai-types.ts';
import { callModel } from '../connectors/ai/model-call.ts';
import { fetchPullRequest } from '../connectors/git/fetch-pull-request.ts';
import { parsePullRequestUrl } from '../connectors/git/pull-request-url.ts';
import { chooseToken } from '../connectors/git/token-choice.ts';
import { openReviewPoster } from '../connectors/git/open-review-poster.ts';
import { compareCommits } from '../connectors/git/compare-commits.ts';
import { postCommitStatus } from '../connectors/git/commit-status.ts';
import type { EventBus } from '../live/event-bus.ts';
import { EventWriter } from './reporting/event-writer.ts';
import type { SecretBox } from '../settings/secret-box.ts';
import { planBatchesFromChanges, planBatchesFromDiff } from './diff/batch-planner.ts';
import type { BatchPlan } from './diff/diff-types.ts';
import { parseModelOutput } from './parse/model-output.ts';
import type { PipelineTools, ReviewPlan } from './pipeline-types.ts';
import { runReviewPipeline } from './pipeline.ts';
import type { OutboundPolicy } from '../outbound/outbound-policy.ts';
import { defaultWorkerOptions, ReviewWorker } from './worker.ts';
import { ConnectorSlots, defaultSlotOptions, type SlotOptions } from './slots/connector-slots.ts';
import { systemClock, type Clock } from '../lib/clock.ts';

export interface EngineSettings {
  concurrency: number;
  batchConcurrency: number;
  batchTokenBudget: number;
  /** MAX_BATCHES_PER_REVIEW: what is beyond is reported clipped or skipped "over budget"; no limit when absent. */
  maxBatchesPerReview?: number;
  timeouts: Partial<ModelTimeouts>;
  leaseMs?: number;
  tickMs?: number;
  /** PUBLIC_URL: commit statuses link to the review's page under it. */
  publicUrl?: string | undefined;
  /** Connector slot leases (tests shorten them); defaults otherwise. */
  slots?: Partial<SlotOptions>;
  /** The model calls' clock (waits, durations); tests inject one. The system clock by default. */
  clock?: Clock;
}

/**
 * The real tools: git providers, the diff planner, the model call and the output parser. Every
 * request they make to a tenant's hosts goes through `outbound`.
 */
export const createRealTools = (outbound: OutboundPolicy): PipelineTools => ({
  parsePullRequestUrl,
  chooseToken,
  fetchPullRequest: (ref, token, signal) => fetchPullRequest(ref, token, { outbound, signal }),
  openReviewPoster: (target, signal) => openReviewPoster(target, { outbound, signal }),
  compareCommits: (ref, token, base, head, signal) => compareCommits(ref, token, base, head, { outbound, signal }),
  postCommitStatus: (ref, token, sha, status, signal) =>
    postCommitStatus(ref, token, sha, status, { outbound, signal }),
  planFromDiff: (diff, budget, maxBatches) =>
    toPlan(planBatchesFromDiff(diff, { maxTokensPerBatch: budget, ...(maxBatches ? { maxBatches } : {}) })),
  planFromFiles: (files, budget, maxBatches) =>
    toPlan(planBatchesFromChanges(files, { maxTokensPerBatch: budget, ...(maxBatches ? { maxBatches } : {}) })),
  callModel: (config, request, options) => callModel(config, request, { ...options, outbound }),
  parseModelOutput: (raw) => {
    const parsed = parseModelOutput(raw);
    return {
      outcome: parsed.outcome,
      ...(parsed.strategy ? { strategy: parsed.strategy } : {}),
      summary: parsed.result?.summary,
      comments: (parsed.result?.comments ?? []).map((c) => ({
        filePath: c.filePath,
        lineNumber: c.lineNumber ?? null,
        ...(c.endLine && c.lineNumber && c.endLine > c.lineNumber ? { endLine: c.endLine } : {}),
        severity: c.severity ?? 'info',
        category: c.category ?? null,
        content: c.content,
        suggestion: c.suggestion ?? null,
      })),
      droppedComments: parsed.droppedComments,
      ...(parsed.why ? { why: parsed.why } : {}),
      ...(parsed.rawExcerpt ? { rawExcerpt: parsed.rawExcerpt } : {}),
      ...(parsed.category ? { category: parsed.category } : {}),
    };
  },
});

function toPlan(plan: BatchPlan): ReviewPlan {
  return {
    batches: plan.batches,
    skipped: plan.skipped.map((s) => ({ path: s.path, reason: s.detail })),
    coverage: plan.coverage,
  };
}

export interface RunningEngine {
  worker: ReviewWorker;
  writer: EventWriter;
  /** No new claims; running reviews get `graceMs` to finish, then are handed back; the writer flushes. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts the review engine of this process (ROLE=all or worker). */
export function startEngine(deps: {
  db: Db;
  bus: EventBus | undefined;
  artifacts: ArtifactRecorder;
  secrets: SecretBox;
  dataDir: string;
  settings: EngineSettings;
  /** Every request to AI providers and git hosts passes it. */
  outbound: OutboundPolicy;
  tools?: PipelineTools;
  onError?: (error: unknown) => void;
}): RunningEngine {
  const writer = new EventWriter(deps.db);
  const tools = deps.tools ?? createRealTools(deps.outbound);
  const workerId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const clock = deps.settings.clock ?? systemClock;
  const slots = new ConnectorSlots(deps.db, workerId, { ...defaultSlotOptions, ...deps.settings.slots }, clock);
  const worker = new ReviewWorker(
    deps.db,
    (review, signal) =>
      runReviewPipeline(
        {
          db: deps.db,
          writer,
          artifacts: deps.artifacts,
          secrets: deps.secrets,
          tools,
          logDir: path.join(deps.dataDir, 'logs'),
          batchConcurrency: deps.settings.batchConcurrency,
          tokenBudget: deps.settings.batchTokenBudget,
          maxBatchesPerReview: deps.settings.maxBatchesPerReview,
          timeouts: deps.settings.timeouts,
          publicUrl: deps.settings.publicUrl,
          slots,
          clock,
        },
        review,
        signal,
      ),
    {
      workerId,
      concurrency: deps.settings.concurrency,
      leaseMs: deps.settings.leaseMs ?? defaultWorkerOptions.leaseMs,
      tickMs: deps.settings.tickMs ?? defaultWorkerOptions.tickMs,
    },
    deps.bus,
    deps.onError,
  );
  worker.start();
  return {
    worker,
    writer,
    async stop(graceMs = 0) {
      await worker.stop(graceMs);
      await writer.close();
    },
  };
}
