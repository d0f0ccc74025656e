import {
  CONNECTOR_HEALTH_DEFAULT_DAYS,
  CONNECTOR_HEALTH_HOURLY_MAX_HOURS,
  CONNECTOR_HEALTH_MAX_DAYS,
  errorCategoryTips,
  isErrorCategory,
  type ConnectorHealthItem,
  type ConnectorHealthQuery,
  type ConnectorHealthResponse,
} from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import { requireAllowed } from '../auth/access.ts';
import { can, type AuthContext } from '../auth/auth.service.ts';
import { allOrgsScope, scopeToOrg, scopeToOrgs, type OrgScope } from '../auth/org-scope.ts';
import { badRequest, forbidden } from '../http/errors.ts';
import { connectorHealthRows, type HealthRow, type HealthWindow } from './analytics.repository.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const TOP_ERROR_CATEGORIES = 3;

export class AnalyticsService {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async connectorHealth(auth: AuthContext, query: ConnectorHealthQuery): Promise<ConnectorHealthResponse> {
    requireAllowed(auth, {
      permission: 'analytics:read',
      action: 'see connector health (owners and super_admins can)',
    });
    const scope = healthScope(auth, query.org_id);
    const window = healthWindow(query, this.now());
    const items = toItems(await connectorHealthRows(this.db, scope, window));
    return { from: window.from.toISOString(), to: window.to.toISOString(), bucket: window.bucket, items };
  }
}

/** A super_admin sees every org unless `org_id` narrows it; an owner sees the org they act in. */
function healthScope(auth: AuthContext, orgFilter: ConnectorHealthQuery['org_id']): OrgScope {
  if (can(auth, 'orgs:read_all')) {
    return orgFilter === undefined || orgFilter === 'all' ? allOrgsScope : scopeToOrgs(orgFilter);
  }
  if (orgFilter === undefined || (orgFilter !== 'all' && orgFilter.every((id) => id === auth.orgId))) {
    return scopeToOrg(auth.orgId);
  }
  throw forbidden('Owners see the health of their own org; only a super_admin may choose org_id');
}

function healthWindow(query: Pick<ConnectorHealthQuery, 'from' | 'to'>, now: Date): HealthWindow {
  const to = query.to === undefined ? now : new Date(query.to);
  const from =
    query.from === undefined ? new Date(to.getTime() - CONNECTOR_HEALTH_DEFAULT_DAYS * DAY_MS) : new Date(query.from);
  const span = to.getTime() - from.getTime();
  if (span <= 0) {
    throw badRequest('`from` must be before `to`', [
      { field: 'querystring.from', message: `must be before ${to.toISOString()}` },
    ]);
  }
  if (span > CONNECTOR_HEALTH_MAX_DAYS * DAY_MS) {
    throw badRequest(`The window may span at most ${CONNECTOR_HEALTH_MAX_DAYS} days`, [
      { field: 'querystring.from', message: `must be at most ${CONNECTOR_HEALTH_MAX_DAYS} days before to` },
    ]);
  }
  return { from, to, bucket: span <= CONNECTOR_HEALTH_HOURLY_MAX_HOURS * HOUR_MS ? 'hour' : 'day' };
}

/** Folds the totals, buckets and categories of each key into one item; most reviews first. */
function toItems(rows: HealthRow[]): ConnectorHealthItem[] {
  const keyOf = (row: HealthRow) => JSON.stringify([row.orgId, row.connectorId, row.providerType, row.model]);
  const buckets = new Map<string, ConnectorHealthItem['series']>();
  const categories = new Map<string, ConnectorHealthItem['topErrorCategories']>();
  for (const row of rows) {
    const key = keyOf(row);
    if (row.kind === 'bucket') {
      const series = buckets.get(key) ?? [];
      series.push({ at: row.at.toISOString(), reviews: row.reviews, failed: row.failed, fallback: row.fallback });
      buckets.set(key, series);
    } else if (row.kind === 'category') {
      const counts = categories.get(key) ?? [];
      counts.push({ category: row.category, title: categoryTitle(row.category), count: row.failed });
      categories.set(key, counts);
    }
  }
  const items: ConnectorHealthItem[] = [];
  for (const row of rows) {
    if (row.kind !== 'total') continue;
    const key = keyOf(row);
    const finished = row.succeeded + row.failed;
    items.push({
      orgId: row.orgId,
      orgName: row.orgName,
      connectorId: row.connectorId,
      connectorName: row.connectorName,
      providerType: row.providerType,
      model: row.model,
      reviews: row.reviews,
      succeeded: row.succeeded,
      failed: row.failed,
      canceled: row.canceled,
      running: row.running,
      queued: row.queued,
      failureRate: ratio(row.failed, finished),
      fallbackReviews: row.fallback,
      fallbackRate: ratio(row.fallback, row.reviews),
      streamBlockedReviews: row.streamBlocked,
      streamBlockedRate: ratio(row.streamBlocked, row.reviews),
      p50DurationMs: row.p50DurationMs,
      p95DurationMs: row.p95DurationMs,
      tokensIn: row.tokensIn,
      tokensOut: row.tokensOut,
      costUsd: row.costUsd,
      usageReviews: row.usageReviews,
      costUnknownReviews: row.costUnknownReviews,
      topErrorCategories: (categories.get(key) ?? [])
        .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category))
        .slice(0, TOP_ERROR_CATEGORIES),
      series: (buckets.get(key) ?? []).sort((a, b) => a.at.localeCompare(b.at)),
    });
  }
  return items.sort(
    (a, b) =>
      b.reviews - a.reviews ||
      a.orgId - b.orgId ||
      (a.connectorId ?? Number.MAX_SAFE_INTEGER) - (b.connectorId ?? Number.MAX_SAFE_INTEGER) ||
      (a.model ?? '').localeCompare(b.model ?? ''),
  );
}

/** Rates to four places: the counts beside them are exact. */
function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

/** Another engine may report a category of its own; it is shown by name. */
function categoryTitle(category: string): string {
  return isErrorCategory(category) ? errorCategoryTips[category].title : category;
}
