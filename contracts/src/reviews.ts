import { z } from 'zod';
import { FileCoverageSummarySchema } from './coverage.ts';
import { ApiStatusSchema, apiStatuses, type ApiStatus } from './status.ts';
import { ErrorCategorySchema, TipSchema } from './error-categories.ts';
import { httpUrl } from './urls.ts';
import { ReviewUsageSchema } from './usage.ts';
import { looksLikeUnifiedDiff, notAUnifiedDiffMessage } from './unified-diff.ts';
import { ReviewOutcomeSchema, reviewOutcomes } from './outcomes.ts';

export const gitProviders = ['github', 'gitlab'] as const;
export const triggerTypes = ['manual', 'webhook', 'cli_diff', 'retry', 'external', 'demo'] as const;

export const ConnectorRefSchema = z.object({
  id: z.number().int(),
  name: z.string().nullable(),
  providerType: z.string().nullable(),
  model: z.string().nullable(),
});

export const ProgressSchema = z.object({
  batchesDone: z.number().int(),
  batchesTotal: z.number().int(),
});

/**
 * Why the review could not be posted back to its pull/merge request although it succeeded (a
 * read-only token): shown on the list row and the review page.
 */
export const PostingProblemSchema = z.object({ category: z.string(), message: z.string() });
export type PostingProblem = z.infer<typeof PostingProblemSchema>;

/**
 * A running review some batch of which waits (the list row says "waiting"): why, and until when
 * (a rate limit's retry time; null for a connector slot, which frees when another call ends).
 */
export const ReviewWaitingSchema = z.object({
  reason: z.enum(['slot', 'rate_limit', 'backoff']),
  until: z.string().nullable(),
});
export type ReviewWaiting = z.infer<typeof ReviewWaitingSchema>;

/**
 * A queued review's place in the engine's queue (claim order, every org's reviews counted but
 * none named): `position` 1 is next, `ahead` = position - 1; `workersBusy` counts the reviews
 * workers run now (each holds one worker slot).
 */
export const ReviewQueueSchema = z.object({
  position: z.number().int().positive(),
  ahead: z.number().int().nonnegative(),
  workersBusy: z.number().int().nonnegative(),
});
export type ReviewQueue = z.infer<typeof ReviewQueueSchema>;

export const ReviewSummarySchema = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  title: z.string(),
  prMrUrl: z.string().nullable(),
  repository: z.string().nullable(),
  branch: z.string().nullable(),
  gitProvider: z.string().nullable(),
  connector: ConnectorRefSchema.nullable(),
  status: ApiStatusSchema,
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  lastEventAt: z.string().nullable(),
  commentCount: z.number().int(),
  errorSummary: z.string().nullable(),
  errorCategory: z.string().nullable(),
  retryOf: z.number().int().nullable(),
  triggerType: z.string().nullable(),
  progress: ProgressSchema.optional(),
  postingProblem: PostingProblemSchema.optional(),
  /** The head commit reviewed (or, while queued, the one a webhook delivery named). */
  headSha: z.string().nullable().optional(),
  /** The review a webhook push replaced this one with (it ended canceled). */
  supersededBy: z.number().int().nullable().optional(),
  /** The finished review's cost in US dollars; null while it runs, or when a price is unknown. */
  costUsd: z.number().nullable(),
  /** Tokens in and out, once the review finished. */
  tokens: z.number().int().nullable(),
  /** Set while a batch of this running review waits (a connector slot, a rate limit); else null. */
  waiting: ReviewWaitingSchema.nullable().optional(),
  /** What the finished review amounts to (outcomes.ts); null while it runs, and for a canceled one. */
  outcome: ReviewOutcomeSchema.nullable().optional(),
  /** Why, when the one word needs it ("every changed file was skipped", "batch-2: …"). */
  outcomeReason: z.string().nullable().optional(),
  /** A partial review's failed batches, e.g. ["batch-2"]. */
  failedBatches: z.array(z.string()).optional(),
});
export type ReviewSummary = z.infer<typeof ReviewSummarySchema>;

/** One request of a batch to the model (each attempt is one), from its `model_call` end event. */
export const ModelCallSummarySchema = z.object({
  attempt: z.number().int().optional(),
  streaming: z.boolean().optional(),
  durationMs: z.number().optional(),
  /** Set when the attempt did not bring the answer. */
  error: z.string().optional(),
  tokensIn: z.number().int().optional(),
  tokensOut: z.number().int().optional(),
  tokensSource: z.string().optional(),
  ttftMs: z.number().optional(),
  tokensPerSecond: z.number().optional(),
  loadMs: z.number().optional(),
  promptEvalMs: z.number().optional(),
  costUsd: z.number().nullable().optional(),
  priceSource: z.string().optional(),
  priceUnknownReason: z.string().optional(),
});
export type ModelCallSummary = z.infer<typeof ModelCallSummarySchema>;

export const BatchSummarySchema = z.object({
  batchId: z.string(),
  status: z.string(),
  fileCount: z.number().int().nullable(),
  tokenEstimate: z.number().int().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  fallbackUsed: z.boolean(),
  attempts: z.number().int(),
  commentCount: z.number().int().nullable(),
  /** Its model requests in order, usage and timing included (detail only). */
  calls: z.array(ModelCallSummarySchema).optional(),
  /** A retry of failed batches only: this batch was not run again but carried over from that review. */
  carriedFrom: z.number().int().optional(),
});
export type BatchSummary = z.infer<typeof BatchSummarySchema>;

export const milestoneNames = [
  'queued',
  'running',
  'batch',
  'fallback',
  'parsing',
  'completed',
  'failed',
  'canceled',
] as const;
export const MilestoneSchema = z.object({
  name: z.enum(milestoneNames),
  at: z.string(),
  batchId: z.string().optional(),
});
export type Milestone = z.infer<typeof MilestoneSchema>;

export const ReviewResultSchema = z.object({
  summary: z.string().nullable(),
  commentCount: z.number().int(),
  errorSummary: z.string().nullable(),
  errorCategory: z.string().nullable(),
  tips: z.array(TipSchema),
  commentsUrl: z.string().nullable(),
  partial: z.boolean(),
});

/**
 * What a PR review covers: with `sinceSha`, only the change after the earlier review's head;
 * without, the whole PR (`fallback: force_push` when a force-push replaced the earlier review's commits).
 */
export const ReviewCoverageSchema = z.object({
  baseSha: z.string().nullable(),
  headSha: z.string().nullable(),
  sinceSha: z.string().nullable(),
  earlierReviewId: z.number().int().nullable(),
  newCommits: z.number().int().nullable(),
  fallback: z.literal('force_push').optional(),
  // What was read, file by file (issue 15 §2); absent until the engine planned the change.
  ...FileCoverageSummarySchema.partial().shape,
});
export type ReviewCoverage = z.infer<typeof ReviewCoverageSchema>;

/** The webhook delivery that started a review (the delivery log row it links to). */
export const ReviewStartedBySchema = z.object({
  webhookId: z.number().int(),
  deliveryRowId: z.number().int().nullable(),
  provider: z.string().nullable(),
  event: z.string().nullable(),
  action: z.string().nullable(),
  repository: z.string().nullable(),
  number: z.number().int().nullable(),
  headSha: z.string().nullable(),
});
export type ReviewStartedBy = z.infer<typeof ReviewStartedBySchema>;

export const ReviewDetailSchema = ReviewSummarySchema.extend({
  metadata: z.record(z.string(), z.unknown()),
  lastSeq: z.number().int(),
  eventCounts: z.record(z.string(), z.number().int()),
  batches: z.array(BatchSummarySchema),
  milestones: z.array(MilestoneSchema),
  result: ReviewResultSchema.nullable(),
  coverage: ReviewCoverageSchema.nullable().optional(),
  startedBy: ReviewStartedBySchema.nullable().optional(),
  /** Totals of the review's model calls, stored when it finished; null before (or from an engine that sends none). */
  usage: ReviewUsageSchema.nullable(),
  /** Where a queued review stands in line; null unless queued for the built-in engine. */
  queue: ReviewQueueSchema.nullable().optional(),
});
export type ReviewDetail = z.infer<typeof ReviewDetailSchema>;

export const ReviewListResponseSchema = z.object({
  items: z.array(ReviewSummarySchema),
  page: z.number().int(),
  perPage: z.number().int(),
  total: z.number().int(),
  totalExact: z.boolean(),
  hasNext: z.boolean(),
});
export type ReviewListResponse = z.infer<typeof ReviewListResponseSchema>;

/** A comma-separated list of values from a closed set; the error names the bad value. */
export function csvOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.string().transform((raw, ctx) => {
    const parts = raw
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const bad = parts.filter((part) => !values.includes(part));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown value ${bad.map((b) => JSON.stringify(b)).join(', ')}; expected one of ${values.join(', ')}`,
      });
      return z.NEVER;
    }
    return parts as T[number][];
  });
}

const isoDateTime = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time' });
const positiveIntString = (max?: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(max === undefined ? z.number().int().min(1) : z.number().int().min(1).max(max));

/** `org_id`: a csv of org ids, or `all` (super_admin only). */
export const orgIdFilter = z.string().transform((raw, ctx) => {
  if (raw.trim() === 'all') return 'all' as const;
  const parts = raw.split(',').map((part) => part.trim());
  if (parts.some((part) => !/^\d+$/.test(part) || Number(part) < 1)) {
    ctx.addIssue({ code: 'custom', message: 'expected `all` or comma-separated org ids' });
    return z.NEVER;
  }
  return parts.map(Number);
});

export const reviewSorts = ['created_at', 'last_event_at', 'duration', 'cost', 'tokens'] as const;

export const ReviewListQuerySchema = z.object({
  status: csvOf(apiStatuses).optional(),
  model: z.string().min(1).max(200).optional(),
  provider_type: z.string().min(1).max(100).optional(),
  connector_name: z.string().min(1).max(200).optional(),
  connector_id: positiveIntString().optional(),
  git_provider: z.string().min(1).max(100).optional(),
  org_id: orgIdFilter.optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  q: z.string().trim().max(500).optional(),
  page: positiveIntString().default(1),
  per_page: positiveIntString(100).default(25),
  sort: z.enum(reviewSorts).default('created_at'),
  order: z.enum(['desc', 'asc']).default('desc'),
  outcome: csvOf(reviewOutcomes).optional(),
});
export type ReviewListQuery = z.infer<typeof ReviewListQuerySchema>;
export type ReviewStatusFilter = ApiStatus[];

/** The fields every way of creating a review shares. */
const reviewInputFields = {
  prMrUrl: httpUrl.optional(),
  title: z.string().trim().min(1).max(500).optional(),
  repository: z.string().max(500).optional(),
  branch: z.string().max(500).optional(),
  commitHash: z.string().max(100).optional(),
  gitProvider: z.enum(gitProviders).optional(),
  connectorId: z.number().int().positive().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
};

/**
 * `POST /reviews`: a PR/MR URL or a pasted unified diff for the built-in engine (with a connector),
 * or `engine: "external"` for an engine that reports through ingestion.
 */
export const CreateReviewSchema = z
  .object({
    engine: z.enum(['builtin', 'external']).default('builtin'),
    diff: z
      .string()
      .min(1)
      .max(20 * 1024 * 1024)
      .optional(),
    ...reviewInputFields,
  })
  .superRefine((body, ctx) => {
    if (body.engine === 'external') return;
    if (!body.prMrUrl && !body.diff) {
      ctx.addIssue({
        code: 'custom',
        path: ['prMrUrl'],
        message: 'send a PR/MR URL (prMrUrl) or a unified diff (diff)',
      });
    }
    if (body.prMrUrl && body.diff)
      ctx.addIssue({ code: 'custom', path: ['diff'], message: 'send either prMrUrl or diff, not both' });
    else if (body.diff && !looksLikeUnifiedDiff(body.diff))
      ctx.addIssue({ code: 'custom', path: ['diff'], message: notAUnifiedDiffMessage });
    if (body.connectorId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['connectorId'], message: 'choose the AI connector that reviews it' });
    }
  });
export type CreateReview = z.infer<typeof CreateReviewSchema>;
/** The body as a client writes it (`engine` defaults to builtin). */
export type CreateReviewInput = z.input<typeof CreateReviewSchema>;

/** `POST /reviews/{id}/retry` (202): the new review, linked to this one by `retryOf`. */
export const RetryResponseSchema = z.object({ review: ReviewSummarySchema });
/**
 * `POST /reviews/{id}/retry` body (optional). `only: "failed_batches"` re-runs just the failed
 * batches of a `partial` review and carries the rest over.
 */
export const retryScopes = ['failed_batches'] as const;
export const RetryBodySchema = z.object({ only: z.enum(retryScopes).optional() }).nullish();
export type RetryBody = z.infer<typeof RetryBodySchema>;
/** A retry sent again with the same key returns the same new review. */
export const RetryHeadersSchema = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });

/** `POST /reviews/{id}/cancel` (202): the review as it is now (queued: canceled; running: still stopping). */
export const CancelResponseSchema = z.object({ review: ReviewSummarySchema });

/** `GET /reviews/{id}/summary`: the final summary and comments as markdown or JSON. */
export const SummaryDownloadQuerySchema = z.object({ format: z.enum(['md', 'json']).default('md') });

/** What an external engine sends to open a review it will report into. */
export const CreateExternalReviewSchema = z.object({ engine: z.literal('external'), ...reviewInputFields });
export type CreateExternalReview = z.infer<typeof CreateExternalReviewSchema>;

export const ReviewIdParamsSchema = z.object({
  id: z
    .string()
    .regex(/^\d{1,15}$/, 'expected a review id (a whole number)')
    .transform(Number),
});

export { ErrorCategorySchema };
