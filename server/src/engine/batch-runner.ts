import type { ArtifactRecorder } from '../artifacts/artifact-recorder.ts';
import type { ConnectorConfig, ModelTimeouts } from '../connectors/ai/ai-types.ts';
import type { ReviewLogger } from '../events/review-logger.ts';
import { redactText } from '../events/redactor.ts';
import { EngineError } from './engine-error.ts';
import type { ParsedOutput, PipelineTools, PlannedBatch } from './pipeline-types.ts';
import { buildReviewPrompt, reviewSystemPrompt } from './prompt.ts';

export interface BatchContext {
  review: { id: number; orgId: number; title: string | null; repository: string | null };
  /** `name` is the connector's display name, shown while the page waits for the model. */
  connector: ConnectorConfig & { name: string };
  batchCount: number;
  logger: ReviewLogger;
  artifacts: ArtifactRecorder;
  tools: PipelineTools;
  timeouts: Partial<ModelTimeouts>;
  secrets: readonly string[];
  /** The clock of the review's timeline (the demo's fast-forward runs on a virtual one). */
  now: () => Date;
}

export interface BatchOutcome {
  batchId: string;
  parsed: ParsedOutput;
}

/**
 * One batch, start to finish, every step reported: prompt artifact, model call (with fallback and
 * retries surfacing as events), response artifact, parse. Throws a typed EngineError when the
 * model could not be used; a response that cannot be parsed is an outcome, not an exception.
 */
export async function runBatch(ctx: BatchContext, batch: PlannedBatch, signal: AbortSignal): Promise<BatchOutcome> {
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
  logger.artifact(
    await ctx.artifacts.record(
      ctx.review,
      'prompt',
      redactText(`${reviewSystemPrompt}\n\n${prompt}`, ctx.secrets),
      batchId,
    ),
  );

  const call = { batchId, provider: connector.providerType, model: connector.model };
  let result;
  try {
    result = await ctx.tools.callModel(
      connector,
      { system: reviewSystemPrompt, prompt, json: true },
      {
        signal,
        timeouts: ctx.timeouts,
        observer: {
          // The thresholds let the page count down to the fallback without asking the server.
          onStart: (start) => logger.modelCall({ ...call, connectorName: connector.name, ...start, phase: 'start' }),
          onProgress: ({ chunks, chars, ttfbMs }) =>
            logger.modelCall({
              ...call,
              phase: 'progress',
              chunks,
              chars,
              ...(ttfbMs === undefined ? {} : { ttfbMs }),
            }),
          onFallback: ({ reason, afterMs }) => {
            const what =
              reason === 'no_chunks'
                ? `No streaming chunks within ${Math.round(afterMs / 1000)}s`
                : `The stream stalled for ${Math.round(afterMs / 1000)}s`;
            logger.log('warn', `${what}; retrying without streaming`, { code: 'stream_stall', batchId });
            logger.batch({ batchId, status: 'fallback', fallback: { reason, afterMs } });
          },
          onRetry: ({ attempt, delayMs, category, message }) => {
            logger.log('warn', `${message}; attempt ${attempt} in ${Math.round(delayMs / 100) / 10}s`, {
              code: category,
              batchId,
            });
            logger.batch({ batchId, status: 'retrying', attempt });
          },
        },
      },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.modelCall({ ...call, phase: 'end', durationMs: clock() - startedAt, error: message });
    logger.log('error', message, { code: error instanceof EngineError ? error.category : 'unknown', batchId });
    logger.batch({
      batchId,
      status: 'failed',
      finishedAt: ctx.now().toISOString(),
      durationMs: clock() - startedAt,
    });
    throw error;
  }
  logger.modelCall({
    ...call,
    phase: 'end',
    streaming: result.streaming,
    attempt: result.attempts,
    chunks: result.chunks,
    chars: result.text.length,
    durationMs: result.durationMs,
    ...(result.ttfbMs === undefined ? {} : { ttfbMs: result.ttfbMs }),
    ...(result.tokensIn === undefined ? {} : { tokensIn: result.tokensIn }),
    ...(result.tokensOut === undefined ? {} : { tokensOut: result.tokensOut }),
  });
  logger.artifact(await ctx.artifacts.record(ctx.review, 'response', redactText(result.text, ctx.secrets), batchId));

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
  return { batchId, parsed };
}
