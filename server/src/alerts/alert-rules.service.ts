import type { z } from 'zod';
import {
  thresholdProblem,
  type AlertMetric,
  type AlertRule,
  type CreateAlertRuleSchema,
  type FieldError,
  type UpdateAlertRuleSchema,
} from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import type { AuthContext } from '../auth/auth.service.ts';
import { accessGate, requireAllowed, type AccessRule } from '../auth/access.ts';
import { badRequest, forbidden, notFound } from '../http/errors.ts';
import * as repo from './alert-rules.repository.ts';

const manageRules: AccessRule = { permission: 'settings:manage', action: 'manage alert rules' };
const seeRules: AccessRule = { permission: 'settings:manage', action: 'see alert rules' };

/**
 * Alert rules of the org the caller acts in (owner, like the other settings). A super_admin may
 * make a rule cross-org (`allOrgs`): it watches every org's reviews and notifies the caller's org.
 */
export class AlertRulesService {
  constructor(private readonly db: Db) {}

  private readonly rule = accessGate('Alert rule', (auth, id) => repo.findRuleRow(this.db, auth.orgId, id));

  async list(auth: AuthContext): Promise<AlertRule[]> {
    requireAllowed(auth, seeRules);
    return (await repo.listRuleRows(this.db, auth.orgId)).map(toRule);
  }

  async get(auth: AuthContext, id: number): Promise<AlertRule> {
    return toRule(await this.rule(auth, id, seeRules));
  }

  async create(auth: AuthContext, body: z.output<typeof CreateAlertRuleSchema>): Promise<AlertRule> {
    requireAllowed(auth, manageRules);
    const values: repo.RuleValues = {
      name: body.name,
      metric: body.metric,
      threshold: body.threshold,
      window_minutes: body.windowMinutes,
      min_reviews: body.minReviews,
      connector_id: body.connectorId ?? null,
      model: body.model ?? null,
      category: body.category ?? null,
      enabled: body.enabled,
      all_orgs: body.allOrgs,
    };
    await this.check(auth, values);
    return toRule(await repo.insertRuleRow(this.db, auth.orgId, values));
  }

  async update(auth: AuthContext, id: number, body: z.output<typeof UpdateAlertRuleSchema>): Promise<AlertRule> {
    const current = await this.rule(auth, id, manageRules);
    const changes: Partial<repo.RuleValues> = {
      name: body.name,
      metric: body.metric,
      threshold: body.threshold,
      window_minutes: body.windowMinutes,
      min_reviews: body.minReviews,
      connector_id: body.connectorId,
      model: body.model,
      category: body.category,
      enabled: body.enabled,
      all_orgs: body.allOrgs,
    };
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    // The rule as it would be after the change is what must make sense (a new metric, the old threshold).
    await this.check(auth, { ...current, ...defined } as repo.RuleValues);
    const row = await repo.updateRuleRow(this.db, auth.orgId, id, defined);
    if (!row) throw notFound(`Alert rule ${id} not found`);
    return toRule(row);
  }

  /** Its alert history goes with it (ON DELETE CASCADE). */
  async delete(auth: AuthContext, id: number): Promise<void> {
    await this.rule(auth, id, manageRules);
    if (!(await repo.deleteRuleRow(this.db, auth.orgId, id))) throw notFound(`Alert rule ${id} not found`);
  }

  private async check(auth: AuthContext, rule: repo.RuleValues): Promise<void> {
    // A cross-org rule watches other orgs' reviews: only a super_admin makes or changes one.
    if (rule.all_orgs && !auth.isSuperAdmin) {
      throw forbidden('Only a super_admin may make a cross-org alert rule');
    }
    const problems: FieldError[] = [];
    const problem = thresholdProblem(rule.metric as AlertMetric, rule.threshold);
    if (problem) problems.push({ field: 'body.threshold', message: problem });
    if (rule.metric === 'error_category' && !rule.category) {
      problems.push({ field: 'body.category', message: 'error_category needs the category to count, e.g. "auth"' });
    }
    if (rule.connector_id !== null && !(rule.all_orgs && auth.isSuperAdmin)) {
      if (!(await repo.connectorInOrg(this.db, auth.orgId, rule.connector_id))) {
        problems.push({ field: 'body.connectorId', message: `no connector ${rule.connector_id} in this org` });
      }
    }
    if (problems.length > 0) throw badRequest('Invalid alert rule', problems);
  }
}

function toRule(row: repo.RuleRow): AlertRule {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    metric: row.metric as AlertMetric,
    threshold: row.threshold,
    windowMinutes: row.window_minutes,
    minReviews: row.min_reviews,
    connectorId: row.connector_id,
    model: row.model,
    category: row.category,
    enabled: row.enabled,
    allOrgs: row.all_orgs,
    isDefault: row.is_default,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
