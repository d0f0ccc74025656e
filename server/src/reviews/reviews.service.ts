import { findFileCoverage } from '../engine/read-coverage/coverage.repository.ts';
import type { FileCoverageSummary } from '@reviewtrace/contracts';
import {
  apiToDbStatus,
  isHttpUrl,
  isTerminal,
  type CreateExternalReview,
  type ReviewDetail,
  type ReviewListQuery,
  type ReviewListResponse,
  type ReviewSummary,
  type ReviewStartedBy,
  ReviewCoverageSchema,
  type ReviewCoverage,
  type ReviewQueue,
} from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import { type AuthContext, can, readScope } from '../auth/auth.service.ts';
import { scopeToOrg, scopeToOrgs, allOrgsScope, type OrgScope } from '../auth/org-scope.ts';
import { badRequest, forbidden } from '../http/errors.ts';
import { eventsOfTypes, modelCallEnds } from '../events/events.repository.ts';
import { notify } from '../events/event-store.ts';
import { deriveBatches, deriveMilestones, deriveResult, derivationEventTypes, tipsFor } from './review-derivations.ts';
import { withModelCalls } from './model-call-summaries.ts';
import {
  connectorExists,
  connectorIdsNamed,
  countByCounters,
  countUpTo,
  estimateCount,
  findReview,
  insertReview,
  isCountableByCounters,
  listComments,
  listReviews,
  queuePlace,
  searchPageAndTotal,
  searchTrigramStats,
  type ReviewDetailRow,
  type ReviewListFilter,
  type ReviewRow,
} from './reviews.repository.ts';
import { findDeliveryRow } from '../webhooks/git-webhooks.repository.ts';
import { toReviewSummary } from './review-summary.ts';
import { reviewGate, writeReviews } from './review-access.ts';
import { requireAllowed } from '../auth/access.ts';
import { indexTrigrams, type TrigramStats } from './search-trigrams.ts';
import { toSummaryComment, type SummaryComment } from './summary-download.ts';

/** Totals are exact up to this many matches; beyond it the planner's estimate is returned (api.md). */
export const EXACT_TOTAL_CAP = 10_000;

/**
 * Up to this many expected matches a search reads them once for its page and its exact total: the
 * page would read them all anyway (a bitmap scan and a sort). With more, the page may stop at its
 * 26th match on the sort index, and collecting thousands of matches to sort them costs more than
 * the separate count it saves (PGlite: ~5 ms for 8,000).
 */
const ONE_READ_MAX_MATCHES = 2_000;

/** ANALYZE renews the trigram statistics now and then: a search reads them at most once a minute. */
const TRIGRAM_STATS_MAX_AGE_MS = 60_000;

export class ReviewsService {
  private trigramStats: { readAt: number; stats: TrigramStats | undefined } | undefined;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private readonly review = reviewGate(() => this.db);

  async list(auth: AuthContext, query: ReviewListQuery): Promise<ReviewListResponse> {
    const scope = this.listScope(auth, query.org_id);
    const filter = await this.withSearchTrigrams(await this.toFilter(scope, query));
    const offset = (query.page - 1) * query.per_page;
    const perPage = query.per_page;
    const now = this.now();

    if (filter.q) return this.searchPage(scope, filter, query, offset, now);
    const { total, exact } = await this.total(scope, filter);

    let rows: ReviewRow[];
    let hasNext: boolean;
    if (exact && offset >= total) {
      rows = [];
      hasNext = false;
    } else if (exact && offset > total / 2) {
      // Deep pages read the index from the other end, so the last page is as fast as the first.
      const limit = Math.min(perPage, total - offset);
      const fromEnd = total - offset - limit;
      const reversed = query.order === 'desc' ? 'asc' : 'desc';
      rows = (
        await listReviews(this.db, scope, filter, { sort: query.sort, order: reversed, offset: fromEnd, limit, now })
      ).reverse();
      hasNext = offset + rows.length < total;
    } else {
      rows = await listReviews(this.db, scope, filter, {
        sort: query.sort,
        order: query.order,
        offset,
        limit: perPage + 1,
        now,
      });
      hasNext = rows.length > perPage;
      rows = rows.slice(0, perPage);
    }
    return {
      items: rows.map((row) => toReviewSummary(row, now)),
      page: query.page,
      perPage,
      total: exact ? total : Math.max(total, offset + rows.length + (hasNext ? 1 : 0)),
      totalExact: exact,
      hasNext,
    };
  }

  async detail(auth: AuthContext, id: number): Promise<ReviewDetail> {
    const row = await this.review(auth, id);
    const [events, callEnds] = await Promise.all([
      eventsOfTypes(this.db, readScope(auth), id, derivationEventTypes),
      modelCallEnds(this.db, readScope(auth), id),
    ]);
    const summary = toReviewSummary(row, this.now());
    const derived = deriveResult(events);
    const category = row.errorCategory ?? derived?.errorCategory ?? null;
    const terminal = isTerminal(summary.status);
    const metadataUrl = row.metadata['commentsUrl'];
    return {
      ...summary,
      metadata: row.metadata,
      usage: row.usage,
      lastSeq: row.lastSeq,
      eventCounts: row.eventCounts,
      batches: withModelCalls(deriveBatches(events), callEnds),
      milestones: deriveMilestones(row, events),
      result:
        derived || terminal
          ? {
              summary: derived?.summary ?? row.resultSummary,
              commentCount: derived?.commentCount ?? row.commentCount,
              errorSummary: row.errorSummary ?? derived?.errorSummary ?? null,
              errorCategory: category,
              tips: derived?.tips.length ? derived.tips : tipsFor(category),
              // Free-form metadata (an external engine's) becomes a link only when it is http(s).
              commentsUrl: isHttpUrl(metadataUrl) ? metadataUrl : null,
              partial: derived?.partial ?? false,
            }
          : null,
      coverage: coverageOf(row.metadata, await findFileCoverage(this.db, readScope(auth), id)),
      startedBy: await this.startedBy(row),
      queue: await this.queueOf(row, summary.status),
    };
  }

  /** "Queued — 3rd in line, 2 workers busy": only for a review the built-in engine has yet to claim. */
  private async queueOf(row: ReviewDetailRow, status: string): Promise<ReviewQueue | null> {
    if (status !== 'queued' || row.engine !== 'builtin') return null;
    const { ahead, workersBusy } = await queuePlace(this.db, row.id);
    return { position: ahead + 1, ahead, workersBusy };
  }

  /** The webhook delivery behind a webhook review: its log row when kept, else what the review recorded. */
  private async startedBy(row: ReviewDetailRow): Promise<ReviewStartedBy | null> {
    const webhook = row.metadata['webhook'] as { id?: unknown; deliveryRowId?: unknown; event?: unknown } | undefined;
    if (row.triggerType !== 'webhook' || typeof webhook?.id !== 'number') return null;
    const deliveryRowId = typeof webhook.deliveryRowId === 'number' ? webhook.deliveryRowId : null;
    const delivery = deliveryRowId === null ? undefined : await findDeliveryRow(this.db, row.orgId, deliveryRowId);
    return {
      webhookId: webhook.id,
      deliveryRowId: delivery ? deliveryRowId : null,
      provider: row.gitProvider,
      event: delivery?.event ?? (typeof webhook.event === 'string' ? webhook.event : null),
      action: delivery?.action ?? null,
      repository: delivery?.repository ?? row.repository,
      number: delivery?.number ?? null,
      headSha: delivery?.head_sha ?? row.commitHash,
    };
  }

  /**
   * The list row of one review if it matches the list query (list stream), with the same scope
   * rules as the list itself.
   */
  async summaryIfListed(
    auth: AuthContext,
    query: ReviewListQuery,
    reviewId: number,
  ): Promise<ReviewSummary | undefined> {
    const scope = this.listScope(auth, query.org_id);
    const rows = await listReviews(
      this.db,
      scope,
      { ...(await this.toFilter(scope, query)), ids: [reviewId] },
      { sort: 'created_at', order: 'desc', offset: 0, limit: 1 },
    );
    return rows[0] && toReviewSummary(rows[0], this.now());
  }

  /** Orgs whose changes the caller's list stream follows. */
  streamOrgs(auth: AuthContext, orgFilter: ReviewListQuery['org_id']): number[] | 'all' {
    const scope = this.listScope(auth, orgFilter);
    return scope.kind === 'all' ? 'all' : [...scope.orgIds];
  }

  /** The summary download: the review's detail and its comments, for whoever may read the review. */
  async summaryDownload(auth: AuthContext, id: number): Promise<{ review: ReviewDetail; comments: SummaryComment[] }> {
    const review = await this.detail(auth, id);
    const comments = await listComments(this.db, readScope(auth), id);
    return { review, comments: comments.map(toSummaryComment) };
  }

  /** An external engine's review: stored, not queued; progress arrives through ingestion. */
  async createExternal(auth: AuthContext, body: CreateExternalReview): Promise<ReviewSummary> {
    requireAllowed(auth, writeReviews('create reviews'));
    if (body.connectorId !== undefined && !(await connectorExists(this.db, auth.orgId, body.connectorId))) {
      throw badRequest('Unknown connector', [
        { field: 'body.connectorId', message: `no connector ${body.connectorId} in this org` },
      ]);
    }
    const id = await insertReview(this.db, {
      orgId: auth.orgId,
      engine: 'external',
      status: 'created',
      prMrUrl: body.prMrUrl ?? null,
      title: body.title ?? null,
      repository: body.repository ?? repositoryFromUrl(body.prMrUrl),
      branch: body.branch ?? null,
      commitHash: body.commitHash ?? null,
      gitProvider: body.gitProvider ?? gitProviderFromUrl(body.prMrUrl),
      connectorId: body.connectorId ?? null,
      triggerType: 'external',
      userEmail: auth.email,
      createdBy: auth.userId,
      retryOf: null,
      metadata: body.metadata ?? {},
    });
    await notify(this.db, { reviewId: id, orgId: auth.orgId, seq: 0 });
    const row = await findReview(this.db, scopeToOrg(auth.orgId), id);
    return toReviewSummary(row!, this.now());
  }

  /** The org filter is a super_admin power; everyone else lists the org they act in. */
  private listScope(auth: AuthContext, orgFilter: ReviewListQuery['org_id']): OrgScope {
    if (orgFilter === undefined) return scopeToOrg(auth.orgId);
    if (!can(auth, 'orgs:read_all')) {
      if (orgFilter !== 'all' && orgFilter.every((id) => id === auth.orgId)) return scopeToOrg(auth.orgId);
      throw forbidden('Only a super_admin may filter by org_id');
    }
    return orgFilter === 'all' ? allOrgsScope : scopeToOrgs(orgFilter);
  }

  /**
   * Search (`q`): a trigram bitmap scan is not incremental, so counting even 10,001 matches of a
   * fragment made of common trigrams costs tens of milliseconds on a million rows. The planner's
   * estimate comes first and decides:
   * - few expected (ONE_READ_MAX_MATCHES): the page and the exact total from one read of the
   *   matches (a page query and a count would read them twice), unless there turn out to be more;
   * - otherwise the page alone, which may stop at its 26th match (walking the sort index); a short
   *   first page is its own exact total, the estimate is the total above 10,000 and a count
   *   (stopping at 10,001) gives it below.
   *
   * The estimate is taken for the plain LIKE, whose selectivity the planner reads off the column's
   * histogram (2,500 entries, see the migration): the page's form (a few trigrams and a strpos the
   * planner knows nothing about) would give a guess. Pages and counts use the index through the
   * rare trigrams.
   */
  private async searchPage(
    scope: OrgScope,
    filter: ReviewListFilter,
    query: ReviewListQuery,
    offset: number,
    now: Date,
  ): Promise<ReviewListResponse> {
    const perPage = query.per_page;
    const window = { order: query.order, offset, limit: perPage + 1, now };
    const estimate = await estimateCount(this.db, scope, { ...filter, searchTrigrams: undefined });
    const few =
      estimate <= ONE_READ_MAX_MATCHES && (query.sort === 'created_at' || query.sort === 'last_event_at')
        ? await searchPageAndTotal(this.db, scope, filter, { ...window, sort: query.sort }, EXACT_TOTAL_CAP)
        : undefined;
    const fetched = few?.rows ?? (await listReviews(this.db, scope, filter, { ...window, sort: query.sort }));
    const hasNext = fetched.length > perPage;
    const rows = fetched.slice(0, perPage);
    let total: number;
    let exact = true;
    if (few) {
      total = few.total;
    } else if (!hasNext && (rows.length > 0 || offset === 0)) {
      total = offset + rows.length;
    } else if (estimate > EXACT_TOTAL_CAP) {
      total = Math.max(estimate, offset + rows.length + (hasNext ? 1 : 0));
      exact = false;
    } else {
      ({ total, exact } = await this.total(scope, filter));
    }
    return {
      items: rows.map((row) => toReviewSummary(row, now)),
      page: query.page,
      perPage,
      total,
      totalExact: exact,
      hasNext,
    };
  }

  private async total(scope: OrgScope, filter: ReviewListFilter): Promise<{ total: number; exact: boolean }> {
    if (isCountableByCounters(filter))
      return { total: await countByCounters(this.db, scope, filter.statuses), exact: true };
    const upTo = await countUpTo(this.db, scope, filter, EXACT_TOTAL_CAP + 1);
    if (upTo <= EXACT_TOTAL_CAP) return { total: upTo, exact: true };
    const estimate = await estimateCount(this.db, scope, { ...filter, searchTrigrams: undefined });
    return { total: Math.max(upTo, estimate), exact: false };
  }

  /** The trigrams a search reads the index through (search-trigrams.ts): for pages, not for one review by id. */
  private async withSearchTrigrams(filter: ReviewListFilter): Promise<ReviewListFilter> {
    if (!filter.q) return filter;
    // A monotonic clock: this is a cache's age, not the reviews' time (`now`).
    const at = performance.now();
    if (!this.trigramStats || at - this.trigramStats.readAt > TRIGRAM_STATS_MAX_AGE_MS)
      this.trigramStats = { readAt: at, stats: await searchTrigramStats(this.db) };
    return { ...filter, searchTrigrams: indexTrigrams(filter.q, this.trigramStats.stats) };
  }

  private async toFilter(scope: OrgScope, query: ReviewListQuery): Promise<ReviewListFilter> {
    return {
      ...toFilter(query),
      connectorIds:
        query.connector_name === undefined ? undefined : await connectorIdsNamed(this.db, scope, query.connector_name),
    };
  }
}

function toFilter(query: ReviewListQuery): ReviewListFilter {
  return {
    statuses: query.status?.map((s) => apiToDbStatus[s]),
    outcomes: query.outcome,
    model: query.model,
    providerType: query.provider_type,
    connectorId: query.connector_id,
    gitProvider: query.git_provider,
    from: query.from === undefined ? undefined : new Date(query.from),
    to: query.to === undefined ? undefined : new Date(query.to),
    q: query.q || undefined,
  };
}

export function gitProviderFromUrl(url: string | undefined): string | null {
  if (!url) return null;
  if (/\/pull\/\d+/.test(url)) return 'github';
  if (/\/merge_requests\/\d+/.test(url)) return 'gitlab';
  return null;
}

export function repositoryFromUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const path = new URL(url).pathname;
    const match = /^\/(.+?)\/(?:-\/)?(?:pull|merge_requests)\/\d+/.exec(path);
    return match ? match[1]! : null;
  } catch {
    return null;
  }
}

/**
 * The commits a PR review covers (`metadata.coverage`, issue 14) and the files it read (issue 15),
 * in one object; null when neither is known (before the engine planned, or an external engine's).
 */
function coverageOf(metadata: Record<string, unknown>, files: FileCoverageSummary | undefined): ReviewCoverage | null {
  const parsed = ReviewCoverageSchema.safeParse(metadata['coverage']);
  const range = parsed.success ? parsed.data : null;
  if (!files) return range;
  return {
    ...(range ?? { baseSha: null, headSha: null, sinceSha: null, earlierReviewId: null, newCommits: null }),
    ...files,
  };
}
