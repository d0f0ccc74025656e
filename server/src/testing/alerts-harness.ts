import { vi } from 'vitest';
import { Webhook } from 'standardwebhooks';
import type { AlertEndpointSecret, AlertRule } from '@reviewtrace/contracts';
import { AlertDispatcher } from '../alerts/alert-dispatcher.ts';
import { AlertEvaluator } from '../alerts/alert-evaluator.ts';
import { parseAllowList } from '../outbound/allow-list.ts';
import { OutboundPolicy } from '../outbound/outbound-policy.ts';
import { SecretBox } from '../settings/secret-box.ts';
import {
  makeConnector,
  makeOrgWithUsers,
  makeReview,
  TEST_JWT_SECRET,
  type OrgWithUsers,
  type TestUser,
} from './factories.ts';
import { ManualClock } from './manual-clock.ts';
import { request, startTestApp, type TestContext } from './test-app.ts';
import { WebhookReceiver } from './webhook-receiver.ts';

export const EVAL_MS = 60_000;

/** A notification body as receivers parse it (the fields tests read). */
export interface AlertNotification {
  type: string;
  timestamp: string;
  data: {
    alertId: number;
    state: string;
    sampleReviewIds: number[];
    links: { health: string; reviews: string };
    [field: string]: unknown;
  };
}

/**
 * An app, a webhook receiver on loopback, and the alerting parts driven by hand: `cycle()` moves
 * the clock one period and evaluates, `deliver()` runs what is due. The clock starts at real time
 * because receivers verify `webhook-timestamp` against their own clock.
 */
export class AlertsHarness {
  readonly clock = new ManualClock(Date.now());
  readonly receiver = new WebhookReceiver(() => this.clock.now());
  // Restricted, as on a shared server: only the receiver's loopback port is allowed.
  outbound!: OutboundPolicy;
  ctx!: TestContext;
  evaluator!: AlertEvaluator;
  dispatcher!: AlertDispatcher;

  async start(): Promise<this> {
    await this.receiver.start();
    this.outbound = new OutboundPolicy('restricted', parseAllowList(`127.0.0.1:${this.receiver.port}`));
    this.ctx = await startTestApp({ clock: this.clock, outbound: this.outbound });
    this.evaluator = this.newEvaluator('first');
    this.dispatcher = this.newDispatcher();
    return this;
  }

  get db() {
    return this.ctx.database.db;
  }

  newEvaluator(name: string): AlertEvaluator {
    return new AlertEvaluator({ db: this.db, clock: this.clock, periodMs: EVAL_MS, name });
  }

  /** Jitter fixed at its middle, so the first retry is due after exactly 5 s. */
  newDispatcher(): AlertDispatcher {
    return new AlertDispatcher({
      db: this.db,
      secrets: new SecretBox(TEST_JWT_SECRET),
      outbound: this.outbound,
      clock: this.clock,
      random: () => 0.5,
    });
  }

  async cycle(ms = EVAL_MS) {
    this.clock.advance(ms);
    return this.evaluator.runCycle();
  }

  deliver(): Promise<number> {
    return this.dispatcher.runDue();
  }

  call(user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
    return request(this.ctx.app, user.token, { method, url: `/api/v1${url}`, payload });
  }

  /** An org with a connector, its default rules removed (each test states its own rule), and an endpoint. */
  async org(): Promise<OrgWithUsers & { connector: number; endpoint: AlertEndpointSecret }> {
    const org = await makeOrgWithUsers(this.db);
    const connector = await makeConnector(this.db, org.orgId, { model: 'qwen2.5-coder' });
    await this.db.deleteFrom('alert_rules').where('org_id', '=', org.orgId).execute();
    const endpoint = (
      await this.call(org.owner, 'POST', '/alert-endpoints', { url: this.receiver.url(`/org-${org.orgId}`) })
    ).json() as AlertEndpointSecret;
    return { ...org, connector, endpoint };
  }

  async rule(owner: TestUser, body: object): Promise<AlertRule> {
    const response = await this.call(owner, 'POST', '/alert-rules', body);
    if (response.statusCode !== 201) throw new Error(`rule: ${response.statusCode} ${response.body}`);
    return response.json() as AlertRule;
  }

  /** Finished reviews created a minute before the clock's now. */
  async reviews(
    orgId: number,
    connectorId: number,
    counts: { failed?: number; completed?: number; category?: string },
  ) {
    const ids: number[] = [];
    const createdAt = new Date(this.clock.now() - 60_000);
    for (let i = 0; i < (counts.failed ?? 0); i++) {
      ids.push(
        await makeReview(this.db, orgId, {
          status: 'failed',
          connectorId,
          createdAt,
          errorCategory: counts.category ?? 'auth',
        }),
      );
    }
    for (let i = 0; i < (counts.completed ?? 0); i++) {
      ids.push(await makeReview(this.db, orgId, { status: 'completed', connectorId, createdAt }));
    }
    return ids;
  }

  /**
   * What one org's endpoint got, each verified by the `standardwebhooks` package (a verifier we did
   * not write) with the receiver's clock set to when it arrived, then parsed.
   */
  verified<T = AlertNotification>(secret: string, orgId: number): T[] {
    return this.receivedBy(orgId).map((hook) => {
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(hook.receivedAt);
        return new Webhook(secret).verify(hook.body, hook.headers) as T;
      } finally {
        vi.useRealTimers();
      }
    });
  }

  /** What the receiver got for one org's endpoint. */
  receivedBy(orgId: number) {
    return this.receiver.received.filter((hook) => hook.path === `/org-${orgId}`);
  }

  async close(): Promise<void> {
    await this.ctx.close();
    await this.outbound.close();
    await this.receiver.close();
  }
}
