import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertList } from '@reviewtrace/contracts';
import { AlertsHarness } from '../testing/alerts-harness.ts';
import { appendEventsBySql } from '../testing/factories.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

describe(`alert evaluation, end to end to a verifying receiver, on ${testDatabaseKind}`, () => {
  const h = new AlertsHarness();
  beforeAll(() => h.start());
  afterAll(() => h.close());
  // Each test states its own rules; the evaluator sees every org's.
  afterEach(() => h.db.deleteFrom('alert_rules').execute());

  const verified = (secret: string, orgId: number) => h.verified(secret, orgId);

  it('fires once when the failure rate crosses, does not re-notify while firing, resolves after recovery', async () => {
    const { orgId, owner, connector, endpoint } = await h.org();
    const rule = await h.rule(owner, {
      name: 'Failing',
      metric: 'failure_rate',
      threshold: 0.5,
      windowMinutes: 15,
      minReviews: 3,
      connectorId: connector,
    });
    const failedIds = await h.reviews(orgId, connector, { failed: 3, completed: 1, category: 'auth' });

    expect(await h.cycle()).toEqual({ ran: true, notifications: 1 });
    expect(await h.deliver()).toBe(1);
    const [firing] = verified(endpoint.secret, orgId);
    expect(firing).toMatchObject({
      type: 'alert.firing',
      data: {
        ruleId: rule.id,
        orgId,
        state: 'firing',
        metric: 'failure_rate',
        threshold: 0.5,
        observed: { value: 0.75, reviews: 4, failed: 3, topCategories: [{ category: 'auth', count: 3 }] },
        scope: { connectorId: connector, provider: 'ollama', model: 'qwen2.5-coder' },
        fingerprint: `org:${orgId}/connector:${connector}/model:qwen2.5-coder`,
      },
    });
    const data = firing!.data;
    expect([...data.sampleReviewIds].sort()).toEqual(failedIds.slice(0, 3).sort());
    expect(data.links.reviews).toContain(`connector_id=${connector}`);
    expect(data.links.reviews).toContain('status=failed');
    expect(Buffer.byteLength(h.receivedBy(orgId)[0]!.body)).toBeLessThan(20 * 1024);
    expect(h.receivedBy(orgId)[0]!.body).not.toContain('whsec_');

    // Still failing: evaluated, nothing sent.
    expect(await h.cycle()).toEqual({ ran: true, notifications: 0 });
    expect(await h.deliver()).toBe(0);
    const firingList = (await h.call(owner, 'GET', '/alerts?state=firing')).json() as AlertList;
    expect(firingList.items).toHaveLength(1);
    expect(firingList.items[0]).toMatchObject({ id: firing!.data.alertId, state: 'firing', observed: { value: 0.75 } });

    // Recovered: successes push the rate below; it resolves only once it stayed below for the window (15 min).
    await h.reviews(orgId, connector, { completed: 10 });
    expect(await h.cycle()).toEqual({ ran: true, notifications: 0 });
    for (let minute = 1; minute < 15; minute++) expect((await h.cycle()).notifications).toBe(0);
    expect(await h.cycle()).toEqual({ ran: true, notifications: 1 });
    await h.deliver();
    const bodies = verified(endpoint.secret, orgId);
    expect(bodies.map((body) => body.type)).toEqual(['alert.firing', 'alert.resolved']);
    expect(bodies[1]!.data.alertId).toBe(firing!.data.alertId);
    const resolved = (await h.call(owner, 'GET', '/alerts?state=resolved')).json() as AlertList;
    expect(resolved.items.map((alert) => alert.id)).toEqual([firing!.data.alertId]);
    expect((await h.call(owner, 'GET', '/alerts?state=firing')).json()).toEqual({ items: [] });
  });

  it('resolves a firing alert, with a notification, once its rule is switched off', async () => {
    const { orgId, owner, connector, endpoint } = await h.org();
    const rule = await h.rule(owner, {
      name: 'Switched off later',
      metric: 'failure_rate',
      threshold: 0.5,
      windowMinutes: 15,
      minReviews: 1,
      connectorId: connector,
    });
    await h.reviews(orgId, connector, { failed: 2 });
    expect(await h.cycle()).toEqual({ ran: true, notifications: 1 });
    await h.deliver();

    // Still failing, but nobody watches any more.
    const off = await h.call(owner, 'PATCH', `/alert-rules/${rule.id}`, { enabled: false });
    expect(off.statusCode).toBe(200);
    expect(await h.cycle()).toEqual({ ran: true, notifications: 1 });
    expect(await h.cycle()).toEqual({ ran: true, notifications: 0 });
    await h.deliver();
    expect(verified(endpoint.secret, orgId).map((body) => body.type)).toEqual(['alert.firing', 'alert.resolved']);
    expect((await h.call(owner, 'GET', '/alerts?state=firing')).json()).toEqual({ items: [] });
  });

  it('pages a flapping connector once, not every time it crosses', async () => {
    const { orgId, owner, connector, endpoint } = await h.org();
    await h.rule(owner, {
      name: 'Flaps',
      metric: 'failure_rate',
      threshold: 0.5,
      windowMinutes: 10,
      minReviews: 2,
      connectorId: connector,
    });
    await h.reviews(orgId, connector, { failed: 2 });
    expect((await h.cycle()).notifications).toBe(1);
    // Below, above, below, above … within one window each time.
    for (let round = 0; round < 4; round++) {
      await h.reviews(orgId, connector, round % 2 === 0 ? { completed: 6 } : { failed: 8 });
      expect((await h.cycle(3 * 60_000)).notifications).toBe(0);
    }
    await h.deliver();
    expect(verified(endpoint.secret, orgId).map((body) => body.type)).toEqual(['alert.firing']);
  });

  it('measures the fallback rate from batch events (the proxy that buffers streams)', async () => {
    const { orgId, owner, connector, endpoint } = await h.org();
    await h.rule(owner, {
      name: 'Proxy',
      metric: 'fallback_rate',
      threshold: 0.8,
      windowMinutes: 30,
      minReviews: 3,
    });
    const ids = await h.reviews(orgId, connector, { completed: 4 });
    for (const id of ids.slice(0, 3))
      await appendEventsBySql(h.db, id, orgId, [{ type: 'batch', batchId: 'batch-1', data: { status: 'fallback' } }]);
    expect((await h.cycle()).notifications).toBe(0);
    await appendEventsBySql(h.db, ids[3]!, orgId, [{ type: 'batch', batchId: 'batch-1', data: { fallback: true } }]);
    expect((await h.cycle()).notifications).toBe(1);
    await h.deliver();
    const [body] = verified(endpoint.secret, orgId);
    expect(body!.data).toMatchObject({ metric: 'fallback_rate', observed: { value: 1, reviews: 4, failed: 0 } });
    expect(body!.data.links.reviews).not.toContain('status=failed');
  });

  it('counts consecutive failures per connector after its last success', async () => {
    const { orgId, owner, connector } = await h.org();
    await h.rule(owner, {
      name: 'Streak',
      metric: 'consecutive_failures',
      threshold: 3,
      windowMinutes: 60,
    });
    await h.reviews(orgId, connector, { failed: 2 });
    expect((await h.cycle()).notifications).toBe(0);
    await h.reviews(orgId, connector, { failed: 1 });
    expect((await h.cycle()).notifications).toBe(1);
  });

  it('lets exactly one of two evaluators run a period, so a transition is notified once', async () => {
    const { orgId, owner, connector, endpoint } = await h.org();
    await h.rule(owner, {
      name: 'Raced',
      metric: 'failure_rate',
      threshold: 0.5,
      windowMinutes: 15,
      minReviews: 1,
    });
    await h.reviews(orgId, connector, { failed: 2 });
    h.clock.advance(60_000);
    const results = await Promise.all([h.newEvaluator('a').runCycle(), h.newEvaluator('b').runCycle()]);
    expect(results.filter((result) => result.ran)).toHaveLength(1);
    expect(results.reduce((sum, result) => sum + result.notifications, 0)).toBe(1);
    // The same period again: taken.
    expect(await h.newEvaluator('c').runCycle()).toEqual({ ran: false, notifications: 0 });
    await h.deliver();
    expect(verified(endpoint.secret, orgId)).toHaveLength(1);
  });

  it('keeps alerts to their org: another org’s failures fire only its own rule, to its own endpoint', async () => {
    const a = await h.org();
    const b = await h.org();
    await h.rule(a.owner, {
      name: 'A',
      metric: 'failure_rate',
      threshold: 0.5,
      windowMinutes: 15,
      minReviews: 1,
    });
    await h.rule(b.owner, {
      name: 'B',
      metric: 'failure_rate',
      threshold: 0.5,
      windowMinutes: 15,
      minReviews: 1,
    });
    await h.reviews(b.orgId, b.connector, { failed: 3 });
    expect((await h.cycle()).notifications).toBe(1);
    await h.deliver();
    expect(h.receivedBy(a.orgId)).toHaveLength(0);
    expect(verified(b.endpoint.secret, b.orgId)).toHaveLength(1);
    expect(((await h.call(a.owner, 'GET', '/alerts')).json() as AlertList).items).toEqual([]);
    expect(((await h.call(b.owner, 'GET', '/alerts')).json() as AlertList).items).toHaveLength(1);
    expect((await h.call(a.member, 'GET', '/alerts')).statusCode).toBe(403);
    expect((await h.call(a.owner, 'GET', '/alerts?state=burning')).statusCode).toBe(400);
  });
});
