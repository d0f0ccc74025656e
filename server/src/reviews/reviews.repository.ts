import {
  CompiledQuery,
  sql,
  type Expression,
  type ExpressionBuilder,
  type OrderByItemBuilder,
  type SqlBool,
} from 'kysely';
import type { ReviewUsage } from '@reviewtrace/contracts';
import type { DbStatus } from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import type { DB, ReviewsTable } from '../db/schema.ts';
import { scopedOrgIds, type OrgScope } from '../auth/org-scope.ts';
import type { TrigramStats } from './search-trigrams.ts';

type ReviewsExpressions = ExpressionBuilder<DB & { r: ReviewsTable }, 'r'>;

/** Plain-object view of a review row with its connector, ids as numbers. */
export interface ReviewRow {
  id: number;
  orgId: number;
  title: string | null;
  prMrUrl: string | null;
  repository: string | null;
  branch: string | null;
  gitProvider: string | null;
  connectorId: number | null;
  connectorName: string | null;
  providerType: string | null;
  model: string | null;
  status: string;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  durationMs: number | null;
  lastEventAt: Date | null;
  commentCount: number;
  errorSummary: string | null;
  errorCategory: string | null;
  retryOf: number | null;
  triggerType: string | null;
  batchesTotal: number | null;
  batchesDone: number;
  /** `metadata.postingProblem`: why a successful review could not be posted back (a read-only token). */
  postingProblem: unknown;
  commitHash: string | null;
  supersededBy: number | null;
  /** Stored when the review finished (review_usage migration). */
  costUsd: number | null;
  tokens: number | null;
  /** `waiting_batches`: the batches waiting now, by batch id. */
  waitingBatches: unknown;
  /** From the completion event (review_outcome migration). */
  outcome: string | null;
  outcomeReason: string | null;
  failedBatches: string[] | null;
}

export interface ReviewDetailRow extends ReviewRow {
  /** Who runs it: `builtin` (this server's engine) or `external` (progress arrives through ingestion). */
  engine: string;
  metadata: Record<string, unknown>;
  lastSeq: number;
  eventCounts: Record<string, number>;
  resultSummary: string | null;
  usage: ReviewUsage | null;
}

export interface ReviewListFilter {
  statuses?: DbStatus[];
  outcomes?: string[];
  model?: string;
  providerType?: string;
  /** Resolved from `connector_name` before querying, so the planner sees literal ids (and its index). */
  connectorIds?: number[];
  connectorId?: number;
  gitProvider?: string;
  from?: Date;
  to?: Date;
  q?: string;
  /**
   * The trigrams of q the index reads (search-trigrams.ts), resolved before querying like the
   * connector ids; absent or empty: the plain LIKE, whose every trigram the index reads.
   */
  searchTrigrams?: string[];
  /** Restricts to these reviews (the list stream checks one changed review against the filters). */
  ids?: number[];
}

export type ReviewSort = 'created_at' | 'last_event_at' | 'duration' | 'cost' | 'tokens';

export interface ListWindow {
  sort: ReviewSort;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
  /** What "now" is for a running review's live duration (sort=duration): the page's own clock. */
  now?: Date;
}

/** The WHERE of every list query: the org scope plus each filter, all served by indexes. */
function matching(db: Db, scope: OrgScope, f: ReviewListFilter) {
  return db.selectFrom('reviews as r').where((eb) => {
    const conditions: Expression<SqlBool>[] = [];
    if (scope.kind === 'orgs') conditions.push(eb('r.org_id', 'in', scopedOrgIds(scope)));
    if (f.statuses?.length) conditions.push(eb('r.status', 'in', f.statuses));
    if (f.outcomes?.length) conditions.push(eb('r.outcome', 'in', f.outcomes));
    if (f.model !== undefined) conditions.push(eb('r.ai_model', '=', f.model));
    if (f.providerType !== undefined) conditions.push(eb('r.ai_provider', '=', f.providerType));
    if (f.connectorId !== undefined) conditions.push(eb('r.connector_id', '=', f.connectorId));
    if (f.gitProvider !== undefined) conditions.push(eb('r.provider', '=', f.gitProvider));
    if (f.from !== undefined) conditions.push(eb('r.created_at', '>=', f.from));
    if (f.to !== undefined) conditions.push(eb('r.created_at', '<=', f.to));
    if (f.connectorIds !== undefined)
      conditions.push(eb('r.connector_id', 'in', f.connectorIds.length ? f.connectorIds : [-1]));
    if (f.q) conditions.push(searchCondition(eb, f.q, f.searchTrigrams));
    if (f.ids !== undefined) conditions.push(eb('r.id', 'in', f.ids.length ? f.ids : [-1]));
    return eb.and(conditions);
  });
}

/**
 * Substring match on URL, title and repository (trigram index); a bare number also matches the id.
 * `#117` is how the page writes review ids, so it means review 117 and nothing else (the org scope
 * still applies: another org's #id is simply not found).
 *
 * With `trigrams`, the index is read through those alone (`LIKE '%po7%'`, one trigram each) and
 * `strpos` checks the whole q on the rows they leave: the same rows as the plain LIKE, which would
 * have the index read every trigram of q, the ones every row has included.
 */
function searchCondition(eb: ReviewsExpressions, q: string, trigrams: string[] | undefined): Expression<SqlBool> {
  const reviewRef = /^#(\d{1,15})$/.exec(q);
  if (reviewRef) return eb('r.id', '=', Number(reviewRef[1]));
  const text = trigrams?.length
    ? eb.and([
        ...trigrams.map((trigram) => eb('r.search_text', 'like', `%${escapeLike(trigram)}%`)),
        eb(eb.fn('strpos', ['r.search_text', eb.fn('lower', [eb.val(q)])]), '>', 0),
      ])
    : eb('r.search_text', 'like', `%${escapeLike(q.toLowerCase())}%`);
  if (/^\d{1,15}$/.test(q)) return eb.or([eb('r.id', '=', Number(q)), text]);
  return text;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * ANALYZE's most common trigrams of the search haystack with their row shares
 * (reviews_search_trigrams); undefined until the table has been analyzed.
 */
export async function searchTrigramStats(db: Db): Promise<TrigramStats | undefined> {
  const { rows } = await sql<{ elems: string[] | null; freqs: number[] | null }>`
    select most_common_elems::text::text[] as elems, most_common_elem_freqs as freqs
      from pg_stats_ext_exprs
     where statistics_schemaname = current_schema() and statistics_name = 'reviews_search_trigrams'`.execute(db);
  const { elems, freqs } = rows[0] ?? {};
  if (!elems?.length || !freqs) return undefined;
  // The frequencies are followed by their minimum, maximum and the share of NULLs.
  return { frequencies: new Map(elems.map((elem, i) => [elem, freqs[i]!])), unlisted: freqs[elems.length]! };
}

/** Only status (or nothing) filters: the per-status counters give the exact total at once. */
export function isCountableByCounters(f: ReviewListFilter): boolean {
  return Object.entries(f).every(([key, value]) => value === undefined || key === 'statuses');
}

const summaryColumns = [
  'r.id',
  'r.org_id',
  'r.mr_title',
  'r.pr_mr_url',
  'r.repository',
  'r.branch',
  'r.provider',
  'r.connector_id',
  'c.connector_name',
  'r.status',
  'r.created_at',
  'r.started_at',
  'r.completed_at',
  'r.duration_ms',
  'r.last_event_at',
  'r.comment_count',
  'r.error_summary',
  'r.error_category',
  'r.retry_of',
  'r.trigger_type',
  'r.batches_total',
  'r.batches_done',
  'r.commit_hash',
  'r.usage_cost_usd',
  'r.usage_tokens',
  'r.waiting_batches',
  'r.outcome',
  'r.outcome_reason',
  'r.failed_batches',
] as const;

function withSummaryColumns(query: ReturnType<typeof matching>) {
  return query
    .leftJoin('ai_connectors as c', 'c.id', 'r.connector_id')
    .select(summaryColumns)
    .select([
      sql<string | null>`coalesce(r.ai_provider, c.provider_name)`.as('provider_type'),
      sql<string | null>`coalesce(r.ai_model, c.selected_model)`.as('model'),
      // One key of the row's metadata, not the whole document (it may hold an external engine's data).
      sql<unknown>`r.metadata->'postingProblem'`.as('posting_problem'),
      sql<number | null>`(r.metadata->>'supersededBy')::bigint`.as('superseded_by'),
    ]);
}

type SummarySelection = Awaited<ReturnType<ReturnType<typeof withSummaryColumns>['executeTakeFirstOrThrow']>>;

function toReviewRow(row: SummarySelection): ReviewRow {
  return {
    id: row.id,
    orgId: row.org_id,
    title: row.mr_title,
    prMrUrl: row.pr_mr_url,
    repository: row.repository,
    branch: row.branch,
    gitProvider: row.provider,
    connectorId: row.connector_id,
    connectorName: row.connector_name,
    providerType: row.provider_type,
    model: row.model,
    status: row.status,
    createdAt: row.created_at,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    durationMs: row.duration_ms,
    lastEventAt: row.last_event_at,
    commentCount: row.comment_count,
    errorSummary: row.error_summary,
    errorCategory: row.error_category,
    retryOf: row.retry_of,
    triggerType: row.trigger_type,
    batchesTotal: row.batches_total,
    batchesDone: row.batches_done,
    postingProblem: row.posting_problem,
    commitHash: row.commit_hash,
    supersededBy: row.superseded_by === null ? null : Number(row.superseded_by),
    costUsd: row.usage_cost_usd,
    tokens: row.usage_tokens,
    waitingBatches: row.waiting_batches,
    outcome: row.outcome,
    outcomeReason: row.outcome_reason,
    failedBatches: row.failed_batches,
  };
}

/**
 * One page of reviews. Each sort walks its index ("reviews_org_*_idx"): created_at, last activity,
 * or duration, with the id as tiebreak.
 */
export async function listReviews(
  db: Db,
  scope: OrgScope,
  filter: ReviewListFilter,
  window: ListWindow,
): Promise<ReviewRow[]> {
  if (window.sort === 'duration') return listByDuration(db, scope, filter, window);
  let query = withSummaryColumns(matching(db, scope, filter));
  const dir = window.order;
  if (window.sort === 'created_at') query = query.orderBy('r.created_at', dir);
  if (window.sort === 'last_event_at') query = query.orderBy('r.last_activity_at', dir);
  // Unfinished reviews (and unknown costs) have none: last when descending, as for duration.
  const nullsLastDesc = (ob: OrderByItemBuilder) => (dir === 'desc' ? ob.desc().nullsLast() : ob.asc().nullsFirst());
  if (window.sort === 'cost') query = query.orderBy('r.usage_cost_usd', nullsLastDesc);
  if (window.sort === 'tokens') query = query.orderBy('r.usage_tokens', nullsLastDesc);
  const rows = await query.orderBy('r.id', dir).offset(window.offset).limit(window.limit).execute();
  return rows.map(toReviewRow);
}

/**
 * Duration order as the list shows it: a running review by its live duration (now − started), among
 * the finished ones by their final duration; queued reviews (no duration yet) last when descending.
 *
 * The live value cannot be indexed, so the page is the merge of two bounded reads: the first
 * `offset + limit` finished reviews straight off "reviews_org_duration_idx" (its DESC NULLS LAST, or
 * a backward scan for asc: the same read the plain column order made), and the unfinished ones,
 * the index's NULL tail (queued and running: a handful, whatever the table's size), keyed by their
 * live value. Only the page's rows are sorted in the merge.
 */
async function listByDuration(
  db: Db,
  scope: OrgScope,
  filter: ReviewListFilter,
  window: ListWindow,
): Promise<ReviewRow[]> {
  const { order: dir, offset, limit } = window;
  const now = window.now ?? new Date();
  const reach = offset + limit;
  const finished = withSummaryColumns(matching(db, scope, filter))
    .where('r.duration_ms', 'is not', null)
    .select(sql<number | null>`r.duration_ms`.as('sort_ms'))
    .orderBy(sql`r.duration_ms`, (ob) => (dir === 'desc' ? ob.desc().nullsLast() : ob.asc().nullsFirst()))
    .orderBy('r.id', dir)
    .limit(reach);
  const live = sql<number | null>`case when r.status = 'in_progress' and r.started_at is not null
    then greatest(0, (extract(epoch from (${now.toISOString()}::timestamptz - r.started_at)) * 1000)::bigint) end`;
  const unfinished = withSummaryColumns(matching(db, scope, filter))
    .where('r.duration_ms', 'is', null)
    .select(live.as('sort_ms'))
    .orderBy(live, (ob) => (dir === 'desc' ? ob.desc().nullsLast() : ob.asc().nullsFirst()))
    .orderBy('r.id', dir)
    .limit(reach);
  const merged = await db
    .selectFrom(sql<SummarySelection & { sort_ms: number | null }>`((${finished}) union all (${unfinished}))`.as('m'))
    .selectAll()
    .orderBy(sql`m.sort_ms`, (ob) => (dir === 'desc' ? ob.desc().nullsLast() : ob.asc().nullsFirst()))
    .orderBy('m.id', dir)
    .offset(offset)
    .limit(limit)
    .execute();
  return merged.map(toReviewRow);
}

/**
 * A search expected to match few rows (at most `cap`): its total and its page out of one read of the
 * matches, where a page query and a count would each read them all. `undefined` when more than
 * `cap` rows match: the page then comes from `listReviews`, which may stop early.
 * For the created_at and last-activity orders (a running review's duration is not a column).
 */
export async function searchPageAndTotal(
  db: Db,
  scope: OrgScope,
  filter: ReviewListFilter,
  window: ListWindow & { sort: 'created_at' | 'last_event_at' },
  cap: number,
): Promise<{ rows: ReviewRow[]; total: number } | undefined> {
  const sortColumn = window.sort === 'created_at' ? 'r.created_at' : 'r.last_activity_at';
  const matches = matching(db, scope, filter)
    .select(['r.id', `${sortColumn} as sort_at`])
    .limit(cap + 1);
  const dir = sql.raw(window.order === 'asc' ? 'asc' : 'desc');
  const { rows } = await sql<{ total: number; ids: (number | string)[] }>`
    with m as materialized (${matches})
    select (select count(*) from m) as total,
           array(select id from m order by sort_at ${dir}, id ${dir} offset ${window.offset} limit ${window.limit}) as ids`.execute(
    db,
  );
  const { total, ids } = rows[0]!;
  if (total > cap) return undefined;
  const pageIds = ids.map(Number);
  if (!pageIds.length) return { rows: [], total };
  const page = await listReviews(db, scope, { ids: pageIds }, { ...window, offset: 0 });
  return { rows: page, total };
}

/** Exact total from the per-(org, status) counters kept by triggers. */
export async function countByCounters(db: Db, scope: OrgScope, statuses: DbStatus[] | undefined): Promise<number> {
  let query = db.selectFrom('review_status_counts').select(sql<string>`coalesce(sum(n), 0)`.as('total'));
  if (scope.kind === 'orgs') query = query.where('org_id', 'in', scopedOrgIds(scope));
  if (statuses?.length) query = query.where('status', 'in', statuses);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.total);
}

/** Counts matches up to `cap` (exact below it) without walking every match of a huge result. */
export async function countUpTo(db: Db, scope: OrgScope, filter: ReviewListFilter, cap: number): Promise<number> {
  const inner = matching(db, scope, filter)
    .select(sql`1`.as('one'))
    .limit(cap);
  const row = await db
    .selectFrom(inner.as('matches'))
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The planner's row estimate for the filter: cheap, and good enough beyond the exact-count cap. */
export async function estimateCount(db: Db, scope: OrgScope, filter: ReviewListFilter): Promise<number> {
  const compiled = matching(db, scope, filter)
    .select(sql`1`.as('one'))
    .compile();
  const result = await db.executeQuery<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${compiled.sql}`, [...compiled.parameters]),
  );
  const plan = result.rows[0]?.['QUERY PLAN'];
  const parsed = typeof plan === 'string' ? (JSON.parse(plan) as typeof plan) : plan;
  return Math.round(parsed?.[0]?.Plan['Plan Rows'] ?? 0);
}

export async function findReview(db: Db, scope: OrgScope, id: number): Promise<ReviewDetailRow | undefined> {
  const row = await withSummaryColumns(matching(db, scope, {}))
    .select(['r.engine', 'r.metadata', 'r.last_seq', 'r.event_counts', 'r.result_summary'])
    .select(['r.usage_tokens_in', 'r.usage_tokens_out', 'r.usage_model_calls', 'r.usage_model_ms', 'r.usage_wait_ms'])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...toReviewRow(row),
    engine: row.engine,
    metadata: (row.metadata ?? {}) as Record<string, unknown>,
    lastSeq: row.last_seq,
    eventCounts: Object.fromEntries(
      Object.entries((row.event_counts ?? {}) as Record<string, number | string>).map(([k, v]) => [k, Number(v)]),
    ),
    resultSummary: row.result_summary,
    usage:
      row.usage_model_calls === null
        ? null
        : {
            tokensIn: row.usage_tokens_in ?? 0,
            tokensOut: row.usage_tokens_out ?? 0,
            costUsd: row.usage_cost_usd,
            modelCalls: row.usage_model_calls,
            modelMs: row.usage_model_ms ?? 0,
            waitMs: row.usage_wait_ms ?? 0,
          },
  };
}

export interface NewReview {
  orgId: number;
  engine: 'builtin' | 'external';
  status: DbStatus;
  prMrUrl: string | null;
  title: string | null;
  repository: string | null;
  branch: string | null;
  commitHash: string | null;
  gitProvider: string | null;
  connectorId: number | null;
  triggerType: string;
  userEmail: string | null;
  createdBy: number | null;
  retryOf: number | null;
  metadata: Record<string, unknown>;
  /** A retry's Idempotency-Key: unique per original review (reviews_retry_idempotency_idx). */
  idempotencyKey?: string;
}

export async function insertReview(db: Db, review: NewReview): Promise<number> {
  const row = await db
    .insertInto('reviews')
    .values({
      org_id: review.orgId,
      engine: review.engine,
      status: review.status,
      pr_mr_url: review.prMrUrl,
      mr_title: review.title,
      repository: review.repository,
      branch: review.branch,
      commit_hash: review.commitHash,
      provider: review.gitProvider,
      connector_id: review.connectorId,
      trigger_type: review.triggerType,
      user_email: review.userEmail,
      created_by: review.createdBy,
      retry_of: review.retryOf,
      metadata: JSON.stringify(review.metadata),
      idempotency_key: review.idempotencyKey ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function connectorExists(db: Db, orgId: number, connectorId: number): Promise<boolean> {
  const row = await db
    .selectFrom('ai_connectors')
    .select('id')
    .where('id', '=', connectorId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Connector ids with this name in the scope (ai_connectors_org_name_idx). */
export async function connectorIdsNamed(db: Db, scope: OrgScope, name: string): Promise<number[]> {
  let query = db.selectFrom('ai_connectors as c').select('c.id').where('c.connector_name', '=', name);
  if (scope.kind === 'orgs') query = query.where('c.org_id', 'in', scopedOrgIds(scope));
  return (await query.execute()).map((row) => row.id);
}

/** Replaces the review's metadata (its creation stores the diff artifact's id there). */
export async function setReviewMetadata(db: Db, reviewId: number, metadata: Record<string, unknown>): Promise<void> {
  await db
    .updateTable('reviews')
    .set({ metadata: JSON.stringify(metadata) })
    .where('id', '=', reviewId)
    .execute();
}

/** Merges keys into the review's metadata without reading it first (the engine adds `commentsUrl`). */
export async function mergeReviewMetadata(db: Db, reviewId: number, patch: Record<string, unknown>): Promise<void> {
  await db
    .updateTable('reviews')
    .set({ metadata: sql`coalesce(metadata, '{}'::jsonb) || ${JSON.stringify(patch)}::jsonb` })
    .where('id', '=', reviewId)
    .execute();
}

/** A user asked to cancel: claims skip the review from now on, and its worker stops at its next lease renewal. */
export async function markCancelRequested(db: Db, reviewId: number, at: Date): Promise<void> {
  await db.updateTable('reviews').set({ cancel_requested_at: at }).where('id', '=', reviewId).execute();
}

/** The retry an Idempotency-Key already made of this review, if any (reviews_retry_idempotency_idx). */
export async function findRetryByKey(
  db: Db,
  scope: OrgScope,
  originalId: number,
  idempotencyKey: string,
): Promise<number | undefined> {
  let query = db
    .selectFrom('reviews')
    .select('id')
    .where('retry_of', '=', originalId)
    .where('idempotency_key', '=', idempotencyKey);
  if (scope.kind === 'orgs') query = query.where('org_id', 'in', scopedOrgIds(scope));
  const row = await query.executeTakeFirst();
  return row?.id;
}

/** The review's title and repository as they are now (the engine fills them in once the PR/MR is fetched). */
export async function findReviewHeading(
  db: Db,
  scope: OrgScope,
  reviewId: number,
): Promise<{ title: string | null; repository: string | null } | undefined> {
  let query = db.selectFrom('reviews').select(['mr_title as title', 'repository']).where('id', '=', reviewId);
  if (scope.kind === 'orgs') query = query.where('org_id', 'in', scopedOrgIds(scope));
  return query.executeTakeFirst();
}

/** The review's comments by file and line (ai_comments_review_idx), their JSON content as stored. */
export async function listComments(db: Db, scope: OrgScope, reviewId: number) {
  let query = db
    .selectFrom('ai_comments')
    .select(['file_path', 'line_number', 'content'])
    .where('review_id', '=', reviewId);
  if (scope.kind === 'orgs') query = query.where('org_id', 'in', scopedOrgIds(scope));
  return query.orderBy('file_path').orderBy('line_number').orderBy('id').execute();
}

/**
 * Whether a cancel was requested for the review, read from the row rather than the worker's signal
 * (which notices it up to a tick later), and the review that superseded it, if a push did.
 */
export async function findCancelState(
  db: Db,
  reviewId: number,
): Promise<{ cancelRequested: boolean; supersededBy: number | null }> {
  const row = await db
    .selectFrom('reviews')
    .select(['cancel_requested_at', sql<number | null>`(metadata->>'supersededBy')::bigint`.as('superseded_by')])
    .where('id', '=', reviewId)
    .executeTakeFirst();
  return { cancelRequested: row?.cancel_requested_at != null, supersededBy: row?.superseded_by ?? null };
}

/**
 * The latest review of a PR/MR that succeeded with a known head, before review `beforeId` when
 * given (reviews_pr_success_idx): what a new review of the PR covers from, and what a delivery for
 * an already reviewed head is skipped for.
 */
export async function findLatestSuccessOfPullRequest(
  db: Db,
  orgId: number,
  prMrUrl: string,
  options: { beforeId?: number; headSha?: string } = {},
): Promise<{ id: number; commitHash: string } | undefined> {
  let query = db
    .selectFrom('reviews')
    .select(['id', 'commit_hash'])
    .where('org_id', '=', orgId)
    .where('pr_mr_url', '=', prMrUrl)
    .where('status', '=', 'completed')
    .where('commit_hash', 'is not', null);
  if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
  if (options.headSha !== undefined) query = query.where('commit_hash', '=', options.headSha);
  const row = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row && { id: row.id, commitHash: row.commit_hash! };
}

/**
 * A queued review's place in the built-in engine's queue: how many queued reviews of any org
 * workers claim before it (claim order: created_at, id — reviews_queue_idx), and how many reviews
 * workers run now (reviews_lease_idx). Counts only: no other org's review is named. The caller
 * has already read the review through its org scope.
 */
export async function queuePlace(db: Db, reviewId: number): Promise<{ ahead: number; workersBusy: number }> {
  const { rows } = await sql<{ ahead: number | string; busy: number | string }>`
    SELECT (SELECT count(*) FROM reviews q
             WHERE q.status = 'created' AND q.engine = 'builtin' AND q.cancel_requested_at IS NULL
               AND (q.created_at, q.id) < (r.created_at, r.id)) AS ahead,
           (SELECT count(*) FROM reviews w
             WHERE w.status = 'in_progress' AND w.lease_until IS NOT NULL AND w.lease_until > now()) AS busy
      FROM reviews r WHERE r.id = ${reviewId}`.execute(db);
  const row = rows[0];
  return { ahead: Number(row?.ahead ?? 0), workersBusy: Number(row?.busy ?? 0) };
}
