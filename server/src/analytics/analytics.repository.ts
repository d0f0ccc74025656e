import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { scopedOrgIds, type OrgScope } from '../auth/org-scope.ts';

export interface HealthWindow {
  from: Date;
  /** Exclusive. */
  to: Date;
  bucket: 'hour' | 'day';
}

/** One connector × model of one org: the reviews' snapshot of provider and model, else the connector's. */
export interface HealthKey {
  orgId: number;
  orgName: string;
  connectorId: number | null;
  connectorName: string | null;
  providerType: string | null;
  model: string | null;
}

export interface HealthCounts {
  reviews: number;
  succeeded: number;
  failed: number;
  canceled: number;
  running: number;
  queued: number;
  fallback: number;
  streamBlocked: number;
}

/**
 * The three groupings of one pass over the window: the totals of a key (with duration
 * percentiles), its time buckets, and its failed reviews by error category.
 */
export type HealthRow = HealthKey &
  HealthCounts &
  (
    | ({ kind: 'total'; p50DurationMs: number | null; p95DurationMs: number | null } & HealthUsage)
    | { kind: 'bucket'; at: Date }
    | { kind: 'category'; category: string }
  );

/** What the key's reviews used, from the totals each stored when it finished (reviews.usage_*). */
export interface HealthUsage {
  tokensIn: number;
  tokensOut: number;
  /** Sum of the known costs; null when no review had one. */
  costUsd: number | null;
  /** Reviews that reported usage at all (an external engine may not). */
  usageReviews: number;
  /** Reviews with usage but no known price: the cost above leaves them out. */
  costUnknownReviews: number;
}

const countNames = [
  'reviews',
  'succeeded',
  'failed',
  'canceled',
  'running',
  'queued',
  'fallback',
  'streamBlocked',
] as const satisfies readonly (keyof HealthCounts)[];

/** The SQL names its counts as HealthCounts does; count(*) is a bigint, which drivers may hand over as a string. */
type RawCounts = Record<keyof HealthCounts, number | string>;

interface RawRow extends RawCounts {
  org_id: number;
  org_name: string;
  connector_id: number | null;
  connector_name: string | null;
  provider_type: string | null;
  model: string | null;
  bucket: Date | null;
  category: string | null;
  without_bucket: number;
  without_category: number;
  p50: number | null;
  p95: number | null;
  tokens_in: number | string | null;
  tokens_out: number | string | null;
  cost_usd: number | string | null;
  usage_reviews: number | string;
  cost_unknown_reviews: number | string;
}

/**
 * Health of each connector × model over a window of reviews.created_at, in one statement: GROUPING
 * SETS read the window (reviews_org_created_idx / reviews_created_idx) and probe each review's batch
 * events for a fallback (idx_review_events_type) once, not once per grouping.
 */
export async function connectorHealthRows(db: Db, scope: OrgScope, window: HealthWindow): Promise<HealthRow[]> {
  const orgCondition = scope.kind === 'orgs' ? sql`AND r.org_id IN (${sql.join(scopedOrgIds(scope))})` : sql``;
  const key = sql`org_id, org_name, connector_id, connector_name, provider_type, model`;
  const { rows } = await sql<RawRow>`
    WITH windowed AS (
      SELECT r.org_id, o.name AS org_name, r.connector_id, c.connector_name,
             coalesce(r.ai_provider, c.provider_name) AS provider_type,
             coalesce(r.ai_model, c.selected_model) AS model,
             r.status, r.duration_ms, r.usage_tokens_in, r.usage_tokens_out, r.usage_cost_usd,
             date_trunc(${sql.lit(window.bucket)}, r.created_at, 'UTC') AS bucket,
             -- A failed review without a category still failed; it counts as "unknown".
             CASE WHEN r.status = 'failed' THEN coalesce(r.error_category, 'unknown') END AS category,
             -- Same rule as the detail page's batches (review-derivations.ts): a fallback status or a fallback field.
             EXISTS (
               SELECT 1 FROM review_events e
                WHERE e.review_id = r.id AND e.event_type = 'batch'
                  AND (e.data ->> 'status' = 'fallback' OR e.data ? 'fallback')
             ) AS used_fallback,
             -- A fallback whose plain request then answered (or whose failure is the stall itself) is
             -- the sign of a proxy that blocks streams; one followed by timeouts is a hung server.
             (r.status <> 'failed' OR r.error_category = 'stream_stall') AS answered_after_fallback
        FROM reviews r
        JOIN orgs o ON o.id = r.org_id
        LEFT JOIN ai_connectors c ON c.id = r.connector_id
       WHERE r.created_at >= ${window.from} AND r.created_at < ${window.to} ${orgCondition}
    )
    SELECT ${key}, bucket, category,
           GROUPING(bucket) AS without_bucket, GROUPING(category) AS without_category,
           count(*) AS reviews,
           count(*) FILTER (WHERE status = 'completed') AS succeeded,
           count(*) FILTER (WHERE status = 'failed') AS failed,
           count(*) FILTER (WHERE status = 'canceled') AS canceled,
           count(*) FILTER (WHERE status = 'in_progress') AS running,
           count(*) FILTER (WHERE status = 'created') AS queued,
           count(*) FILTER (WHERE used_fallback) AS fallback,
           count(*) FILTER (WHERE used_fallback AND answered_after_fallback) AS "streamBlocked",
           percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms)
             FILTER (WHERE status IN ('completed', 'failed')) AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms)
             FILTER (WHERE status IN ('completed', 'failed')) AS p95,
           sum(usage_tokens_in) AS tokens_in,
           sum(usage_tokens_out) AS tokens_out,
           sum(usage_cost_usd) AS cost_usd,
           count(*) FILTER (WHERE usage_tokens_in IS NOT NULL) AS usage_reviews,
           count(*) FILTER (WHERE usage_tokens_in IS NOT NULL AND usage_cost_usd IS NULL) AS cost_unknown_reviews
      FROM windowed
     GROUP BY GROUPING SETS ((${key}), (${key}, bucket), (${key}, category))
    -- The category grouping also holds one group of the reviews that did not fail (category NULL).
    HAVING GROUPING(category) = 1 OR category IS NOT NULL
  `.execute(db);
  return rows.map(toHealthRow);
}

function toHealthRow(row: RawRow): HealthRow {
  const key: HealthKey & HealthCounts = {
    orgId: Number(row.org_id),
    orgName: row.org_name,
    connectorId: row.connector_id === null ? null : Number(row.connector_id),
    connectorName: row.connector_name,
    providerType: row.provider_type,
    model: row.model,
    ...countsOf(row),
  };
  if (row.without_bucket === 0) return { ...key, kind: 'bucket', at: new Date(row.bucket!) };
  if (row.without_category === 0) return { ...key, kind: 'category', category: row.category! };
  return {
    ...key,
    kind: 'total',
    p50DurationMs: row.p50 === null ? null : Math.round(Number(row.p50)),
    p95DurationMs: row.p95 === null ? null : Math.round(Number(row.p95)),
    tokensIn: Number(row.tokens_in ?? 0),
    tokensOut: Number(row.tokens_out ?? 0),
    // Rounded to a millionth of a dollar: sums of doubles carry float noise.
    costUsd: row.cost_usd === null ? null : Math.round(Number(row.cost_usd) * 1e6) / 1e6,
    usageReviews: Number(row.usage_reviews),
    costUnknownReviews: Number(row.cost_unknown_reviews),
  };
}

function countsOf(row: RawCounts): HealthCounts {
  return Object.fromEntries(countNames.map((name) => [name, Number(row[name])])) as Record<keyof HealthCounts, number>;
}
