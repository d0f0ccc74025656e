import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertsHarness } from '../testing/alerts-harness.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { ALERT_DELIVERY_RETENTION_DAYS, pruneOldAlertDeliveries } from './alert-delivery-retention.ts';

const DAY = 86_400_000;

describe(`the alert delivery log's retention on ${testDatabaseKind}`, () => {
  const h = new AlertsHarness();
  beforeAll(() => h.start());
  afterAll(() => h.close());

  const deliveryStates = (endpointId: number) =>
    h.db
      .selectFrom('alert_deliveries')
      .select(['id', 'state'])
      .where('endpoint_id', '=', endpointId)
      .orderBy('id')
      .execute();
  const attemptCount = async () =>
    Number(
      (
        await h.db
          .selectFrom('alert_delivery_attempts')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it(`deletes settled deliveries and their attempts ${ALERT_DELIVERY_RETENTION_DAYS} days after they were queued, never a pending one`, async () => {
    const { owner, endpoint } = await h.org();
    const sendTest = () => h.call(owner, 'POST', `/alert-endpoints/${endpoint.id}/test`);
    // Delivered, then one that failed for good (410 disables the endpoint), then one still retrying.
    await sendTest();
    await h.deliver();
    h.receiver.answer({ status: 410 });
    await sendTest();
    await h.deliver();
    await h.call(owner, 'PATCH', `/alert-endpoints/${endpoint.id}`, { enabled: true });
    h.receiver.answer({ status: 500 });
    await sendTest();
    await h.deliver();
    const queued = await deliveryStates(endpoint.id);
    expect(queued.map((row) => row.state)).toEqual(['delivered', 'failed', 'pending']);
    expect(await attemptCount()).toBe(3);

    const prune = (batchSize: number, afterMs: number) =>
      pruneOldAlertDeliveries(h.db, { now: () => h.clock.now() + afterMs, batchSize });
    expect(await prune(1, ALERT_DELIVERY_RETENTION_DAYS * DAY - 60_000)).toBe(0);

    // A day later: the two settled ones go in one-row batches, with their attempts; the pending one stays.
    expect(await prune(1, (ALERT_DELIVERY_RETENTION_DAYS + 1) * DAY)).toBe(2);
    expect(await deliveryStates(endpoint.id)).toEqual([queued[2]]);
    expect(await attemptCount()).toBe(1);
  });

  it('counts a redelivery as queued again: its log stays 30 days from the redeliver', async () => {
    const { owner, endpoint } = await h.org();
    await h.call(owner, 'POST', `/alert-endpoints/${endpoint.id}/test`);
    await h.deliver();
    const [delivered] = await deliveryStates(endpoint.id);
    // Queued 20 days ago (the clock stays: the users' tokens are signed with it).
    const twentyDaysAgo = (at: Date) => new Date(at.getTime() - 20 * DAY);
    const row = await h.db
      .selectFrom('alert_deliveries')
      .selectAll()
      .where('id', '=', delivered!.id)
      .executeTakeFirstOrThrow();
    await h.db
      .updateTable('alert_deliveries')
      .set({ created_at: twentyDaysAgo(row.created_at), retry_until: twentyDaysAgo(row.retry_until) })
      .where('id', '=', delivered!.id)
      .execute();
    const redeliver = await h.call(
      owner,
      'POST',
      `/alert-endpoints/${endpoint.id}/deliveries/${delivered!.id}/redeliver`,
    );
    expect(redeliver.statusCode).toBe(202);
    await h.deliver();

    expect(await pruneOldAlertDeliveries(h.db, { now: () => h.clock.now() + 15 * DAY })).toBe(0);
    expect(await deliveryStates(endpoint.id)).toEqual([{ id: delivered!.id, state: 'delivered' }]);
    expect(await pruneOldAlertDeliveries(h.db, { now: () => h.clock.now() + 31 * DAY })).toBe(1);
  });
});
