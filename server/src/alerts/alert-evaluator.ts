import { hostname } from 'node:os';
import type { AlertMetric, AlertObserved, AlertScope } from '@reviewtrace/contracts';
import type { Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { measureRule, type ScopeMeasure } from './alert-metrics.repository.ts';
import { nextTransition } from './alert-transitions.ts';
import { alertPayload, type AlertFacts } from './alert-payload.ts';
import { enqueueDeliveries } from './delivery-queue.repository.ts';

export interface EvaluatorOptions {
  db: Db;
  clock: Clock;
  /** ALERT_EVAL_MS: one evaluation per period across every process. */
  periodMs: number;
  publicUrl?: string | undefined;
  /** Names the process that claimed a period (diagnostics only). */
  name?: string;
  onError?: (error: unknown) => void;
}

export interface CycleResult {
  /** False when another process had already claimed this period. */
  ran: boolean;
  notifications: number;
}

type Trx = Parameters<Parameters<ReturnType<Db['transaction']>['execute']>[0]>[0];

/**
 * Evaluates every enabled rule once per period, in exactly one process of the cluster: the cycle
 * runs in one transaction that first moves the schedule row's next_due_at forward. A second
 * process's UPDATE waits on that row lock and then finds the period taken, so it skips; a cycle
 * that fails rolls back its claim and the next process to try runs it. Alerts and their queued
 * notifications commit together, so a transition is notified exactly once.
 */
export class AlertEvaluator {
  private readonly name: string;

  constructor(private readonly options: EvaluatorOptions) {
    this.name = options.name ?? `${hostname()}:${process.pid}`;
  }

  async runCycle(): Promise<CycleResult> {
    const now = new Date(this.options.clock.now());
    return this.options.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('alert_evaluation_schedule')
        .set({ next_due_at: new Date(now.getTime() + this.options.periodMs), claimed_by: this.name })
        .where('id', '=', 1)
        .where('next_due_at', '<=', now)
        .returning('id')
        .executeTakeFirst();
      if (!claimed) return { ran: false, notifications: 0 };
      const rules = await trx.selectFrom('alert_rules').selectAll().where('enabled', '=', true).orderBy('id').execute();
      // Every firing alert in one read (alerts_firing_idx), not one round trip per rule.
      const firing = await trx.selectFrom('alerts').selectAll().where('state', '=', 'firing').execute();
      let notifications = 0;
      for (const rule of rules) {
        const ofRule = firing.filter((alert) => alert.rule_id === rule.id);
        notifications += await this.evaluateRule(trx, rule, ofRule, now);
      }
      // A rule switched off stops watching: its firing alerts resolve now (and say so to the
      // receivers, whose incidents would stay open otherwise), so no banner fires forever.
      const enabled = new Set(rules.map((rule) => rule.id));
      for (const alert of firing.filter((a) => !enabled.has(a.rule_id))) {
        notifications += await this.resolve(trx, alert, now);
      }
      return { ran: true, notifications };
    });
  }

  /** The loop of a worker process, until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.runCycle();
      } catch (error) {
        this.options.onError?.(error);
      }
      await this.options.clock.sleep(this.options.periodMs, signal);
    }
  }

  private async evaluateRule(trx: Trx, rule: RuleRow, firing: AlertRow[], now: Date): Promise<number> {
    const windowMs = rule.window_minutes * 60_000;
    const measures = await measureRule(trx, {
      metric: rule.metric as AlertMetric,
      category: rule.category,
      orgId: rule.all_orgs ? null : rule.org_id,
      connectorId: rule.connector_id,
      model: rule.model,
      from: new Date(now.getTime() - windowMs),
      to: now,
    });
    const byFingerprint = new Map(measures.map((measure) => [fingerprintOf(measure), measure]));
    const firingByFingerprint = new Map(firing.map((alert) => [alert.fingerprint, alert]));
    let notifications = 0;
    // Scopes seen now, and firing scopes that have no reviews in the window any more (below by absence).
    for (const fingerprint of new Set([...byFingerprint.keys(), ...firingByFingerprint.keys()])) {
      const measure = byFingerprint.get(fingerprint);
      const alert = firingByFingerprint.get(fingerprint);
      const breaching = measure !== undefined && measure.reviews >= rule.min_reviews && measure.value >= rule.threshold;
      const transition = nextTransition(alert && { belowSince: alert.below_since }, breaching, now, windowMs);
      if (transition === 'fire') {
        notifications += await this.fire(trx, rule, fingerprint, measure!, now);
      } else if (transition === 'hold') {
        await trx
          .updateTable('alerts')
          .set({ observed: JSON.stringify(observedOf(measure!)), below_since: null, last_evaluated_at: now })
          .where('id', '=', alert!.id)
          .execute();
      } else if (transition === 'recovering') {
        await trx
          .updateTable('alerts')
          .set({ below_since: alert!.below_since ?? now, last_evaluated_at: now })
          .where('id', '=', alert!.id)
          .execute();
      } else if (transition === 'resolve') {
        notifications += await this.resolve(trx, alert!, now);
      }
    }
    return notifications;
  }

  private async fire(trx: Trx, rule: RuleRow, fingerprint: string, measure: ScopeMeasure, now: Date): Promise<number> {
    const scope: AlertScope = { connectorId: measure.connectorId, provider: measure.provider, model: measure.model };
    const observed = observedOf(measure);
    // alerts_firing_idx: if this scope is already firing (a racing evaluator), nothing is inserted or sent.
    const inserted = await trx
      .insertInto('alerts')
      .values({
        rule_id: rule.id,
        org_id: rule.org_id,
        subject_org_id: measure.orgId,
        fingerprint,
        state: 'firing',
        metric: rule.metric,
        threshold: rule.threshold,
        window_minutes: rule.window_minutes,
        observed: JSON.stringify(observed),
        scope: JSON.stringify(scope),
        sample_review_ids: measure.sampleReviewIds,
        started_at: now,
        last_evaluated_at: now,
      })
      .onConflict((conflict) => conflict.columns(['rule_id', 'fingerprint']).where('state', '=', 'firing').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return 0;
    return this.notify(trx, rule.org_id, {
      alertId: inserted.id,
      ruleId: rule.id,
      fingerprint,
      orgId: measure.orgId,
      state: 'firing',
      metric: rule.metric as AlertMetric,
      threshold: rule.threshold,
      windowMinutes: rule.window_minutes,
      observed,
      scope,
      sampleReviewIds: measure.sampleReviewIds,
      startedAt: now,
    });
  }

  private async resolve(trx: Trx, alert: AlertRow, now: Date): Promise<number> {
    const resolved = await trx
      .updateTable('alerts')
      .set({ state: 'resolved', resolved_at: now, last_evaluated_at: now })
      .where('id', '=', alert.id)
      .where('state', '=', 'firing')
      .returning('id')
      .executeTakeFirst();
    if (!resolved) return 0;
    return this.notify(trx, alert.org_id, {
      alertId: alert.id,
      ruleId: alert.rule_id,
      fingerprint: alert.fingerprint,
      orgId: alert.subject_org_id,
      state: 'resolved',
      metric: alert.metric as AlertMetric,
      threshold: alert.threshold,
      windowMinutes: alert.window_minutes,
      observed: alert.observed as AlertObserved,
      scope: alert.scope as AlertScope,
      sampleReviewIds: alert.sample_review_ids.map(Number),
      startedAt: alert.started_at,
    });
  }

  /** One transition, one notification: a delivery to each enabled endpoint of the rule's org (none yet is fine). */
  private async notify(trx: Trx, ruleOrgId: number, facts: AlertFacts): Promise<number> {
    const at = new Date(this.options.clock.now());
    await enqueueDeliveries(trx, {
      orgId: ruleOrgId,
      type: facts.state === 'firing' ? 'alert.firing' : 'alert.resolved',
      alertId: facts.alertId,
      payload: alertPayload(facts, at, this.options.publicUrl),
      now: at,
    });
    return 1;
  }
}

type RuleRow = Selectable<DB['alert_rules']>;
type AlertRow = Selectable<DB['alerts']>;

/** org × connector × model: the scope one alert is about. */
export function fingerprintOf(measure: Pick<ScopeMeasure, 'orgId' | 'connectorId' | 'model'>): string {
  return `org:${measure.orgId}/connector:${measure.connectorId ?? 'none'}/model:${measure.model ?? 'none'}`;
}

function observedOf(measure: ScopeMeasure): AlertObserved {
  const counts = new Map<string, number>();
  for (const category of measure.categories) {
    const name = category ?? 'unknown';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const topCategories = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 5)
    .map(([category, count]) => ({ category: category.slice(0, 100), count }));
  return {
    value: Math.round(measure.value * 10_000) / 10_000,
    reviews: measure.reviews,
    failed: measure.failed,
    topCategories,
  };
}
