import type { ArtifactRecorder } from '../artifacts/artifact-recorder.ts';
import type { ConnectorConfig, ModelCallObserver, ModelTimeouts } from '../connectors/ai/ai-types.ts';
import { formatWait } from '../connectors/ai/model-attempt.ts';
import type { Clock } from '../lib/clock.ts';
import type { ReviewLogger } from './reporting/review-logger.ts';
import { redactText } from '../lib/redactor.ts';
import { categoryOf } from '../errors/engine-error.ts';
import type { ParsedOutput, PipelineTools, PlannedBatch } from './pipeline-types.ts';
import { buildReviewPrompt, reviewSystemPrompt } from './prompt.ts';
import { usageOfCall } from './model-usage.ts';
import { priceOfCall, type ConnectorPrices } from './pricing/call-price.ts';
import type { BatchWait } from '@reviewtrace/contracts';
import { isQuotaFailure } from '../connectors/ai/retry-policy.ts';
import type { ConnectorSlots } from './slots/connector-slots.ts';
import { takeBatchSlot, type LimitedConnector } from './slots/batch-slot.ts';

export interface BatchContext {
  review: { id: number; orgId: number; title: string | null; repository: string | null };
  /** `name` is the connector's display name, shown while the page waits for the model. */
  connector: ConnectorConfig & LimitedConnector & { prices?: ConnectorPrices | null };
  batchCount: number;
  logger: ReviewLogger;
  artifacts: ArtifactRecorder;
  tools: PipelineTools;
  timeouts: Partial<ModelTimeouts>;
  secrets: readonly string[];
  /** The clock of the review's timeline (the demo's fast-forward runs on a virtual one). */
  now: () => Date;
  /** The same clock for the model call's watchdogs, waits and durations. */
  clock: Clock;
  /** The connectors' concurrency limits (none: no limit is applied). */
  slots?: ConnectorSlots | undefined;
}

export interface BatchOutcome {
  batchId: string;
  parsed: ParsedOutput;
  /** The model's reply had no text at all: nothing was read (review-outcome.ts). */
  answeredEmpty?: boolean;
}

/**
 * One batch, start to finish, every step reported: prompt artifact, model call (with fallback and
 * retries surfacing as events), response artifact, parse. Throws a typed EngineError when the
 * model could not be used; a response that cannot be parsed is an outcome, not an exception. The
 * artifacts are stored beside the batch, not in its way: one that cannot be stored is an error line
 * in its event's place (the findings do not depend on the copy), and the review's end waits for both.
 */
export async function runBatch(ctx: BatchContext, batch: PlannedBatch, signal: AbortSignal): Promise<BatchOutcome> {
  // The connector's concurrency limit: the batch starts once it holds a slot (it says it waits).
  const slot = await takeBatchSlot(ctx.slots, ctx.connector, ctx.logger, batch.batchId, signal);
  try {
    return await runBatchInSlot(ctx, batch, signal, slot.waitedMs);
  } finally {
    await slot.release();
  }
}

async function runBatchInSlot(
  ctx: BatchContext,
  batch: PlannedBatch,
  signal: AbortSignal,
  slotWaitMs: number,
): Promise<BatchOutcome> {
  const { logger, connector } = ctx;
  const batchId = batch.batchId;
  const clock = () => ctx.now().getTime();
  const startedAt = clock();
  logger.batch({
    batchId,
    status: 'running',
    fileCount: batch.fileCount,
    tokenEstimate: batch.tokenEstimate,
    files: batch.files,
    startedAt: new Date(startedAt).toISOString(),
    attempt: 1,
  });

  const prompt = buildReviewPrompt({
    ...ctx.review,
    batchId,
    batchCount: ctx.batchCount,
    files: batch.files,
    diff: batch.diff,
  });
  // Stored while the model answers: the batch waits for the model, not for a file and an INSERT
  // (the logger keeps the artifact's event in its place; the terminal status waits for it).
  logger.artifactOnceStored(
    ctx.artifacts.record(ctx.review, 'prompt', redactText(`${reviewSystemPrompt}\n\n${prompt}`, ctx.secrets), batchId),
    { kind: 'prompt', batchId },
  );

  const call = { batchId, provider: connector.providerType, model: connector.model };
  const request = { system: reviewSystemPrompt, prompt, json: true };
  let result;
  try {
    result = await ctx.tools.callModel(connector, request, {
      signal,
      timeouts: ctx.timeouts,
      clock: ctx.clock,
      observer: modelCallReporter(logger, call, connector.name, slotWaitMs),
    });
  } catch (error) {
    // The call already ended its last attempt (`onAttemptEnd`); what is left is the batch's own end.
    const canceled = categoryOf(error) === 'canceled';
    if (canceled) logger.log('info', 'Batch stopped: the review was canceled', { code: 'canceled', batchId });
    else {
      const message = error instanceof Error ? error.message : String(error);
      logger.log('error', message, { code: categoryOf(error), batchId });
    }
    const finishedAt = clock();
    logger.batch({
      batchId,
      status: canceled ? 'canceled' : 'failed',
      finishedAt: new Date(finishedAt).toISOString(),
      durationMs: finishedAt - startedAt,
    });
    throw error;
  }
  const usage = usageOfCall(result, request);
  logger.modelCall(
    {
      ...call,
      phase: 'end',
      streaming: result.streaming,
      attempt: result.attempts,
      chunks: result.chunks,
      chars: result.text.length,
      durationMs: result.durationMs,
      ...queueOf(result.attempts === 1 ? slotWaitMs : 0, result.backoffMs),
      ...(result.ttfbMs === undefined ? {} : { ttfbMs: result.ttfbMs }),
      ...usage,
      ...priceOfCall(connector, usage),
    },
    new Date(result.endedAt),
  );
  // Stored while the answer is parsed and the next batch calls the model.
  logger.artifactOnceStored(
    ctx.artifacts.record(ctx.review, 'response', redactText(result.text, ctx.secrets), batchId),
    { kind: 'response', batchId },
  );

  const parsed = ctx.tools.parseModelOutput(result.text);
  logger.parse({
    batchId,
    outcome: parsed.outcome,
    ...(parsed.strategy ? { strategy: parsed.strategy } : {}),
    ...(parsed.why ? { why: parsed.why } : {}),
    ...(parsed.rawExcerpt ? { rawExcerpt: parsed.rawExcerpt } : {}),
  });
  if (parsed.droppedComments > 0)
    logger.log('warn', `Dropped ${parsed.droppedComments} comment(s) that did not match the schema`, { batchId });
  const finishedAt = ctx.now();
  logger.batch({
    batchId,
    status: parsed.outcome === 'failed' ? 'failed' : 'success',
    commentCount: parsed.comments.length,
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt,
  });
  return { batchId, parsed, answeredEmpty: result.text.trim() === '' };
}

/**
 * The model call's observer as events: each attempt is a `model_call` start…end span with its own
 * number and duration (a fallback's stall wait ends attempt 1, the plain request is attempt 2), and
 * the batch events and log lines name the same attempt numbers.
 */
function modelCallReporter(
  logger: ReviewLogger,
  call: { batchId: string; provider: string; model: string },
  connectorName: string,
  slotWaitMs: number,
): ModelCallObserver {
  const { batchId } = call;
  return {
    // The thresholds let the page count down to the fallback without asking the server.
    onStart: ({ at, ...start }) => logger.modelCall({ ...call, connectorName, ...start, phase: 'start' }, new Date(at)),
    onProgress: ({ attempt, chunks, chars, ttfbMs }) =>
      logger.modelCall({
        ...call,
        attempt,
        phase: 'progress',
        chunks,
        chars,
        ...(ttfbMs === undefined ? {} : { ttfbMs }),
      }),
    onAttemptEnd: ({ at, attempt, streaming, backoffMs, durationMs, chunks, message, httpStatus }) =>
      logger.modelCall(
        {
          ...call,
          phase: 'end',
          streaming,
          attempt,
          chunks,
          durationMs,
          ...queueOf(attempt === 1 ? slotWaitMs : 0, backoffMs),
          error: message,
          ...(httpStatus === undefined ? {} : { httpStatus }),
        },
        new Date(at),
      ),
    onFallback: ({ reason, afterMs, message, attempt }) => {
      logger.log('warn', `${message}; retrying without streaming (attempt ${attempt})`, {
        code: 'stream_stall',
        batchId,
      });
      logger.batch({ batchId, status: 'fallback', attempt, fallback: { reason, afterMs } });
    },
    // The wait is a state the page counts down (batch `waiting` until `retryAt`); the attempt after
    // it starts with `retrying`.
    onRetry: (retry) => {
      const { attempt, delayMs, category, message } = retry;
      logger.log('warn', `${message}; attempt ${attempt} in ${formatWait(delayMs)}`, { code: category, batchId });
      logger.batch({ batchId, status: 'waiting', wait: retryWait(call.provider, connectorName, retry) });
    },
    onRetryWaitEnd: ({ attempt }) => logger.batch({ batchId, status: 'retrying', attempt }),
  };
}

/** An attempt's wait before its request: `queueMs` and its two parts (model_call `end`). */
function queueOf(slotWaitMs: number, backoffMs: number) {
  return { queueMs: slotWaitMs + backoffMs, slotWaitMs, backoffMs };
}

function retryWait(
  provider: string,
  connectorName: string,
  retry: Parameters<NonNullable<ModelCallObserver['onRetry']>>[0],
): BatchWait {
  return {
    reason: isQuotaFailure({ category: retry.category, httpStatus: retry.httpStatus }) ? 'rate_limit' : 'backoff',
    provider,
    connectorName,
    retryAt: new Date(retry.retryAt).toISOString(),
    attempt: retry.attempt,
    maxAttempts: retry.maxAttempts,
    ...(retry.retryAfterMs === undefined ? {} : { retryAfterMs: retry.retryAfterMs }),
  };
}
