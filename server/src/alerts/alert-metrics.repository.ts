import { sql, type RawBuilder } from 'kysely';
import type { AlertMetric } from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';

export interface RuleScope {
  metric: AlertMetric;
  category: string | null;
  /** Null: every org's reviews (a super_admin's cross-org rule). */
  orgId: number | null;
  connectorId: number | null;
  model: string | null;
  from: Date;
  to: Date;
}

/** One connector × model of one org in the window: the value the rule compares, and its evidence. */
export interface ScopeMeasure {
  orgId: number;
  connectorId: number | null;
  provider: string | null;
  model: string | null;
  value: number;
  reviews: number;
  failed: number;
  categories: (string | null)[];
  sampleReviewIds: number[];
}

/** The reviews that count towards the metric (and are offered as samples). */
function matching(scope: RuleScope): RawBuilder<unknown> {
  switch (scope.metric) {
    case 'fallback_rate':
      return sql`used_fallback`;
    case 'error_category':
      return sql`status = 'failed' AND error_category = ${scope.category}`;
    case 'p95_duration_ms':
      return sql`true`;
    default:
      return sql`status = 'failed'`;
  }
}

function valueOf(scope: RuleScope): RawBuilder<unknown> {
  switch (scope.metric) {
    case 'p95_duration_ms':
      return sql`coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms), 0)`;
    case 'consecutive_failures':
      // Failures after the last success of the scope in the window (all of them when none succeeded).
      return sql`count(*) FILTER (WHERE status = 'failed' AND created_at > coalesce(last_ok, '-infinity'))`;
    default:
      return sql`(count(*) FILTER (WHERE ${matching(scope)}))::float8 / count(*)`;
  }
}

/**
 * The rule's metric per org × connector × model over the finished reviews created in the window,
 * in one statement. The window is read through reviews_org_created_idx (or reviews_created_idx for
 * a cross-org rule); the fallback probe (idx_review_events_type) runs only for fallback_rate. The
 * fallback rule is the Health page's: a batch event with a fallback status or field.
 */
export async function measureRule(db: Db, scope: RuleScope): Promise<ScopeMeasure[]> {
  const conditions = [
    sql`r.created_at >= ${scope.from}`,
    sql`r.created_at < ${scope.to}`,
    sql`r.status IN ('completed', 'failed')`,
  ];
  if (scope.orgId !== null) conditions.push(sql`r.org_id = ${scope.orgId}`);
  if (scope.connectorId !== null) conditions.push(sql`r.connector_id = ${scope.connectorId}`);
  if (scope.model !== null) conditions.push(sql`coalesce(r.ai_model, c.selected_model) = ${scope.model}`);
  const fallback =
    scope.metric === 'fallback_rate'
      ? sql`EXISTS (SELECT 1 FROM review_events e
                     WHERE e.review_id = r.id AND e.event_type = 'batch'
                       AND (e.data ->> 'status' = 'fallback' OR e.data ? 'fallback'))`
      : sql`false`;
  const lastOk =
    scope.metric === 'consecutive_failures'
      ? sql`max(r.created_at) FILTER (WHERE r.status = 'completed') OVER (PARTITION BY r.org_id, r.connector_id)`
      : sql`NULL::timestamptz`;
  const order = scope.metric === 'p95_duration_ms' ? sql`duration_ms DESC NULLS LAST` : sql`created_at DESC`;
  const { rows } = await sql<RawMeasure>`
    WITH windowed AS (
      SELECT r.id, r.org_id, r.connector_id, r.status, r.error_category, r.duration_ms, r.created_at,
             coalesce(r.ai_provider, c.provider_name) AS provider,
             coalesce(r.ai_model, c.selected_model) AS model,
             ${fallback} AS used_fallback,
             ${lastOk} AS last_ok
        FROM reviews r
        LEFT JOIN ai_connectors c ON c.id = r.connector_id
       WHERE ${sql.join(conditions, sql` AND `)}
    )
    SELECT org_id, connector_id, provider, model,
           ${valueOf(scope)} AS value,
           count(*) AS reviews,
           count(*) FILTER (WHERE status = 'failed') AS failed,
           array_agg(error_category) FILTER (WHERE status = 'failed') AS categories,
           (array_agg(id ORDER BY ${order}) FILTER (WHERE ${matching(scope)}))[1:10] AS samples
      FROM windowed
     GROUP BY org_id, connector_id, provider, model
  `.execute(db);
  return rows.map((row) => ({
    orgId: Number(row.org_id),
    connectorId: row.connector_id === null ? null : Number(row.connector_id),
    provider: row.provider,
    model: row.model,
    value: Number(row.value),
    reviews: Number(row.reviews),
    failed: Number(row.failed),
    categories: row.categories ?? [],
    sampleReviewIds: (row.samples ?? []).map(Number),
  }));
}

interface RawMeasure {
  org_id: number | string;
  connector_id: number | string | null;
  provider: string | null;
  model: string | null;
  value: number | string;
  reviews: number | string;
  failed: number | string;
  categories: (string | null)[] | null;
  samples: (number | string)[] | null;
}
