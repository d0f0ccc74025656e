import { z } from 'zod';
import { isoTime } from './events.ts';
import { orgIdFilter } from './reviews.ts';

/** The longest window `GET /analytics/connectors` aggregates, and the default one. */
export const CONNECTOR_HEALTH_MAX_DAYS = 92;
export const CONNECTOR_HEALTH_DEFAULT_DAYS = 7;
/** Windows up to this long are bucketed by hour, longer ones by day. */
export const CONNECTOR_HEALTH_HOURLY_MAX_HOURS = 48;

/**
 * Health of each connector × model over `[from, to)` on the reviews' creation time. Owners see their
 * org; a super_admin sees every org (`org_id`: a csv of ids or `all`, the default).
 */
export const ConnectorHealthQuerySchema = z.object({
  from: isoTime.optional(),
  to: isoTime.optional(),
  org_id: orgIdFilter.optional(),
});
export type ConnectorHealthQuery = z.infer<typeof ConnectorHealthQuerySchema>;

export const ErrorCategoryCountSchema = z.object({
  category: z.string(),
  /** From the error categories table; the category itself when a foreign engine used another word. */
  title: z.string(),
  count: z.number().int(),
});

export const HealthBucketSchema = z.object({
  /** Start of the hour or day (UTC). */
  at: z.string(),
  reviews: z.number().int(),
  failed: z.number().int(),
  fallback: z.number().int(),
});

export const ConnectorHealthItemSchema = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  /** Null when the connector was deleted (the reviews keep the model they ran with) or never set. */
  connectorId: z.number().int().nullable(),
  connectorName: z.string().nullable(),
  providerType: z.string().nullable(),
  model: z.string().nullable(),
  reviews: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  canceled: z.number().int(),
  running: z.number().int(),
  queued: z.number().int(),
  /** failed / (succeeded + failed); 0 when none finished. */
  failureRate: z.number(),
  /** Reviews with at least one batch that fell back to a non-streaming call. */
  fallbackReviews: z.number().int(),
  /** fallbackReviews / reviews. */
  fallbackRate: z.number(),
  /**
   * Reviews that fell back and then got their answer without streaming (or failed on the stall
   * itself): what a proxy that blocks streams looks like. A fallback followed by timeouts is a hung
   * server, not a proxy, and is not counted.
   */
  streamBlockedReviews: z.number().int(),
  /** streamBlockedReviews / reviews. */
  streamBlockedRate: z.number(),
  /** Over succeeded and failed reviews; null when none finished. */
  p50DurationMs: z.number().int().nullable(),
  p95DurationMs: z.number().int().nullable(),
  /** Tokens of the reviews that reported usage (each review's totals, stored when it finished). */
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  /** US dollars: the sum of the known costs; null when no review had a known price. */
  costUsd: z.number().nullable(),
  /** Reviews that reported usage (finished reviews of an engine that sends its totals). */
  usageReviews: z.number().int(),
  /** Reviews with usage but no known price for the model: `costUsd` leaves them out. */
  costUnknownReviews: z.number().int(),
  /** The three most frequent categories of the failed reviews. */
  topErrorCategories: z.array(ErrorCategoryCountSchema),
  /** Buckets that have reviews, ascending. */
  series: z.array(HealthBucketSchema),
});
export type ConnectorHealthItem = z.infer<typeof ConnectorHealthItemSchema>;

export const ConnectorHealthResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  bucket: z.enum(['hour', 'day']),
  /** Most reviews first. */
  items: z.array(ConnectorHealthItemSchema),
});
export type ConnectorHealthResponse = z.infer<typeof ConnectorHealthResponseSchema>;
