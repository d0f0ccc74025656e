import { z } from 'zod';
import { TipSchema } from './error-categories.ts';
import { ReviewUsageSchema } from './usage.ts';
import { ReviewOutcomeSchema } from './outcomes.ts';

/**
 * Review events (events.md): one envelope, a payload per type, as a zod discriminated union.
 * Payloads are loose objects: fields a newer engine adds are kept, not stripped. The host
 * product's legacy values (`started`/`completed`, `processing`, level `success`) are accepted.
 */
export const eventLevels = ['debug', 'info', 'warn', 'error', 'success'] as const;
export const EventLevelSchema = z.enum(eventLevels);
export type EventLevel = z.infer<typeof EventLevelSchema>;

/** PostgreSQL's timestamptz starts at 4713 BC but JSON engines mean AD: year 0000 is a mistake. */
export const isoTime = z.iso
  .datetime({ offset: true, message: 'expected an ISO 8601 date-time' })
  .refine((value) => !value.startsWith('0000'), 'expected a date-time after year 0');
const count = z.number().int().nonnegative().max(2_147_483_647);
const millis = z.number().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const StatusDataSchema = z.looseObject({
  status: z.enum(['queued', 'running', 'success', 'failed', 'canceled', 'started', 'completed']),
  startedAt: isoTime.optional(),
  finishedAt: isoTime.optional(),
  durationMs: millis.optional(),
});

export const LogDataSchema = z.looseObject({
  level: EventLevelSchema.optional(),
  message: z.string(),
  code: z.string().optional(),
});

/**
 * Why a batch is not calling its model right now (a `batch` event with status `waiting`):
 * - `slot`: every slot of the connector's concurrency limit is taken (`inUse` of `limit`);
 * - `rate_limit`: the provider refused with 429/503 and the engine waits until `retryAt`
 *   (`retryAfterMs` is what the provider asked for, when it said);
 * - `backoff`: another retriable failure (network, 5xx) and the engine waits until `retryAt`.
 * `attempt` is the attempt that comes after the wait, of at most `maxAttempts`.
 */
export const waitReasons = ['slot', 'rate_limit', 'backoff'] as const;
export const BatchWaitSchema = z.looseObject({
  reason: z.enum(waitReasons),
  connectorName: z.string().optional(),
  inUse: count.optional(),
  limit: count.optional(),
  provider: z.string().optional(),
  retryAt: isoTime.optional(),
  attempt: count.optional(),
  maxAttempts: count.optional(),
  retryAfterMs: millis.optional(),
});
export type BatchWait = z.infer<typeof BatchWaitSchema>;

export const BatchDataSchema = z.looseObject({
  batchId: z.string().min(1).optional(),
  status: z.enum([
    'queued',
    'running',
    'retrying',
    'fallback',
    'success',
    'failed',
    'canceled',
    'processing',
    'completed',
    'waiting',
  ]),
  /** With status `waiting`: what the batch waits for. */
  wait: BatchWaitSchema.optional(),
  tokenEstimate: count.optional(),
  fileCount: count.optional(),
  files: z.array(z.string()).optional(),
  startedAt: isoTime.optional(),
  finishedAt: isoTime.optional(),
  durationMs: millis.optional(),
  attempt: count.optional(),
  fallback: z.object({ reason: z.enum(['no_chunks', 'stall']), afterMs: millis }).optional(),
  commentCount: count.optional(),
});

export const tokensSources = ['provider', 'estimate'] as const;
export const TokensSourceSchema = z.enum(tokensSources);
export type TokensSource = z.infer<typeof TokensSourceSchema>;

/** Where a call's price came from: the maintained table, the connector's own price, or 0 for self-hosted. */
export const priceSources = ['genai-prices', 'connector', 'self-hosted'] as const;
export const PriceSourceSchema = z.enum(priceSources);
export type PriceSource = z.infer<typeof PriceSourceSchema>;

export const ModelCallDataSchema = z.looseObject({
  batchId: z.string().optional(),
  provider: z.string().optional(),
  model: z.string().optional(),
  streaming: z.boolean().optional(),
  attempt: count.optional(),
  phase: z.enum(['start', 'progress', 'end']),
  /** The connector's display name ("Local Ollama"); on `start` events. */
  connectorName: z.string().optional(),
  /**
   * On a streaming `start`: no first chunk within `firstChunkMs`, or a gap between chunks longer
   * than `stallMs`, and the engine retries without streaming. Older emitters leave them out.
   */
  firstChunkMs: millis.optional(),
  stallMs: millis.optional(),
  chunks: count.optional(),
  chars: count.optional(),
  ttfbMs: millis.optional(),
  durationMs: millis.optional(),
  tokensIn: count.optional(),
  tokensOut: count.optional(),
  /** On an answering `end`: `provider` when the provider reported usage, else our tokenizer's `estimate`. */
  tokensSource: TokensSourceSchema.optional(),
  /** From sending to the first piece with text (streams only). */
  ttftMs: millis.optional(),
  /** Output tokens over generation time (the provider's own when it measures it). */
  tokensPerSecond: z.number().nonnegative().optional(),
  /** Ollama's model load and prompt evaluation, when it reports them. */
  loadMs: millis.optional(),
  promptEvalMs: millis.optional(),
  /** What the call cost in US dollars; null when the model has no known price (never 0 for unknown). */
  costUsd: z.number().nonnegative().nullable().optional(),
  priceSource: PriceSourceSchema.optional(),
  /** Why `costUsd` is null: the model is not in the price table and the connector sets no price. */
  priceUnknownReason: z.string().optional(),
  /**
   * On every `end`: how long this attempt waited before its request went out — for a connector
   * slot (`slotWaitMs`, first attempt) plus the rate-limit/backoff wait before a retry
   * (`backoffMs`). The review's `usage.waitMs` is their sum over all attempts.
   */
  queueMs: millis.optional(),
  slotWaitMs: millis.optional(),
  backoffMs: millis.optional(),
  httpStatus: z.number().int().optional(),
  error: z.string().optional(),
});

export const ArtifactDataSchema = z.looseObject({
  artifactId: z.string().optional(),
  kind: z.enum(['prompt', 'response', 'diff']),
  batchId: z.string().optional(),
  sizeBytes: count.optional(),
  previewHead: z.string().optional(),
  previewTail: z.string().optional(),
  url: z.string().nullable().optional(),
});

export const ParseDataSchema = z.looseObject({
  batchId: z.string().optional(),
  outcome: z.enum(['ok', 'repaired', 'failed']),
  strategy: z.string().optional(),
  why: z.string().optional(),
  rawExcerpt: z.string().max(1500).optional(),
});

export const CompletionDataSchema = z.looseObject({
  resultSummary: z.string(),
  commentCount: count.optional(),
  errorSummary: z.string().nullable().optional(),
  errorCategory: z.string().nullable().optional(),
  tips: z.array(TipSchema).optional(),
  partial: z.boolean().optional(),
  /** The review's totals; the review row keeps them, so the list can sort by cost and tokens. */
  usage: ReviewUsageSchema.optional(),
  /** The finished review in one word (outcomes.ts), why when it needs saying, and which batches failed. */
  outcome: ReviewOutcomeSchema.optional(),
  outcomeReason: z.string().max(2000).optional(),
  failedBatches: z.array(z.string().max(200)).max(10_000).optional(),
});

/**
 * One result of posting the review back to the pull/merge request: an inline comment `posted` on
 * its line, `moved` into the summary (no line, a line outside the diff, or the host refused the
 * line: `error` says why), or `failed` (nothing reached the host: `error`). `path` null is the
 * summary comment itself.
 */
export const postingOutcomes = ['posted', 'moved', 'failed'] as const;
export const PostingDataSchema = z.looseObject({
  path: z.string().nullable().optional(),
  line: z.number().int().positive().max(2_147_483_647).nullable().optional(),
  outcome: z.enum(postingOutcomes),
  url: z.string().optional(),
  error: z.string().optional(),
});
export type PostingData = z.infer<typeof PostingDataSchema>;

/** Types whose payload we know; anything else is stored and shown raw (events.md, compatibility). */
export const eventDataSchemas = {
  status: StatusDataSchema,
  log: LogDataSchema,
  batch: BatchDataSchema,
  model_call: ModelCallDataSchema,
  artifact: ArtifactDataSchema,
  parse: ParseDataSchema,
  completion: CompletionDataSchema,
  posting: PostingDataSchema,
} as const;
export type KnownEventType = keyof typeof eventDataSchemas;
export const knownEventTypes = Object.keys(eventDataSchemas) as KnownEventType[];

/** The known events as one discriminated union on `type` (payload validation for engines and tests). */
export const KnownEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), data: StatusDataSchema }),
  z.object({ type: z.literal('log'), data: LogDataSchema }),
  z.object({ type: z.literal('batch'), data: BatchDataSchema }),
  z.object({ type: z.literal('model_call'), data: ModelCallDataSchema }),
  z.object({ type: z.literal('artifact'), data: ArtifactDataSchema }),
  z.object({ type: z.literal('parse'), data: ParseDataSchema }),
  z.object({ type: z.literal('completion'), data: CompletionDataSchema }),
  z.object({ type: z.literal('posting'), data: PostingDataSchema }),
]);
export type KnownEvent = z.infer<typeof KnownEventSchema>;

/** Legacy types of the host product's emitter, shown as typed log lines. */
export const legacyEventTypes = ['retry', 'json_repair', 'timeout', 'batch_stats'] as const;

const envelopeFields = {
  type: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z][a-z0-9_]*$/, 'expected a lower-case event type such as "log"'),
  time: isoTime.optional(),
  level: EventLevelSchema.nullable().optional(),
  batchId: z.string().min(1).max(200).nullable().optional(),
  data: z.record(z.string(), z.unknown()),
};

/** One event as an engine sends it (POST /reviews/{id}/events). */
export const IncomingEventSchema = z
  .object({ eventId: z.string().min(1).max(200).optional(), ...envelopeFields })
  .superRefine((event, ctx) => {
    // Unknown types (a newer engine, the host product's legacy ones) are kept as they are.
    if (!(event.type in eventDataSchemas)) return;
    const parsed = KnownEventSchema.safeParse({ type: event.type, data: event.data });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }
  });
export type IncomingEvent = z.infer<typeof IncomingEventSchema>;

export const MAX_EVENTS_PER_REQUEST = 1000;

export const IngestRequestSchema = z.object({
  events: z.array(z.unknown()).min(1, 'send at least one event'),
});

export const IngestResponseSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  lastSeq: z.number().int(),
});

/** The envelope every API, SSE frame and log download uses. */
export const ReviewEventSchema = z.object({
  seq: z.number().int(),
  reviewId: z.number().int(),
  type: z.string(),
  time: z.string(),
  level: z.string().nullable(),
  batchId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type ReviewEvent = z.infer<typeof ReviewEventSchema>;

export const EventsPageSchema = z.object({
  events: z.array(ReviewEventSchema),
  nextCursor: z.number().int(),
  hasMore: z.boolean(),
  reviewStatus: z.string(),
});
export type EventsPage = z.infer<typeof EventsPageSchema>;

export const seqParam = z
  .string()
  .regex(/^\d{1,15}$/, 'expected a sequence number')
  .transform(Number);
/** A comma-separated query parameter as a list of trimmed, non-empty values. */
export const csvParam = z
  .string()
  .max(500)
  .transform((raw) =>
    raw
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  );
const csv = csvParam;

/** The `type`, `level` and `batch_id` filters of the events window, shared by the log search. */
export const eventFilterFields = {
  type: csv.optional(),
  level: csv.optional(),
  batch_id: csv.optional(),
};

export const EventsQuerySchema = z
  .object({
    after: seqParam.optional(),
    before: seqParam.optional(),
    tail: z
      .string()
      .regex(/^\d{1,4}$/, 'expected a number of events')
      .transform(Number)
      .pipe(z.number().int().min(1).max(1000))
      .optional(),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, 'expected a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(1000))
      .default(200),
    ...eventFilterFields,
  })
  .refine((q) => [q.after, q.before, q.tail].filter((v) => v !== undefined).length <= 1, {
    message: 'use at most one of after, before and tail',
    path: ['after'],
  });
export type EventsQuery = z.infer<typeof EventsQuerySchema>;

/** `GET /reviews/{id}/log`: the full log as a download. */
export const LogDownloadQuerySchema = z.object({ format: z.enum(['text', 'ndjson']).default('text') });

/** `GET /reviews/{id}/stream`: resume after a seq (as `Last-Event-ID` does, for clients that cannot set it). */
export const ReviewStreamQuerySchema = z.object({ after: z.string().optional() });
