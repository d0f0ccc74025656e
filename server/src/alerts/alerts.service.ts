import type { Alert, AlertMetric, AlertObserved, AlertScope, AlertState } from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import type { AuthContext } from '../auth/auth.service.ts';
import { requireAllowed, type AccessRule } from '../auth/access.ts';
import { alertLinks } from './alert-payload.ts';

const seeAlerts: AccessRule = { permission: 'settings:manage', action: 'see alerts' };

/** The alert history of the org the caller acts in (owner): firing ones, resolved ones, or both. */
export class AlertsService {
  constructor(
    private readonly db: Db,
    private readonly publicUrl?: string,
  ) {}

  async list(auth: AuthContext, query: { state?: AlertState | undefined; limit: number }): Promise<Alert[]> {
    requireAllowed(auth, seeAlerts);
    let select = this.db
      .selectFrom('alerts')
      .innerJoin('alert_rules', 'alert_rules.id', 'alerts.rule_id')
      .selectAll('alerts')
      .select('alert_rules.name as rule_name')
      .where('alerts.org_id', '=', auth.orgId);
    // alerts_org_state_idx
    if (query.state) select = select.where('alerts.state', '=', query.state);
    const rows = await select.orderBy('alerts.id', 'desc').limit(query.limit).execute();
    return rows.map((row) => {
      const facts = {
        metric: row.metric as AlertMetric,
        scope: row.scope as AlertScope,
        startedAt: row.started_at,
        windowMinutes: row.window_minutes,
      };
      return {
        id: row.id,
        ruleId: row.rule_id,
        ruleName: row.rule_name,
        orgId: row.org_id,
        subjectOrgId: row.subject_org_id,
        fingerprint: row.fingerprint,
        state: row.state as AlertState,
        metric: facts.metric,
        threshold: row.threshold,
        windowMinutes: row.window_minutes,
        observed: row.observed as AlertObserved,
        scope: facts.scope,
        sampleReviewIds: row.sample_review_ids.map(Number),
        startedAt: row.started_at.toISOString(),
        resolvedAt: row.resolved_at?.toISOString() ?? null,
        links: alertLinks(facts, this.publicUrl),
      };
    });
  }
}
