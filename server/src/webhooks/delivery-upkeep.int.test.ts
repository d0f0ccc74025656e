import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitWebhookSecret } from '@reviewtrace/contracts';
import { ManualClock } from '../testing/manual-clock.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { githubExample, sendGitHub } from '../testing/webhook-payloads.ts';
import { startWebhookHarness, type WebhookHarness } from '../testing/webhook-harness.ts';
import { REJECTED_DELIVERIES_KEPT } from './git-webhooks.repository.ts';
import { DELIVERY_RETENTION_DAYS, pruneOldDeliveries } from './delivery-retention.ts';

const DAY = 86_400_000;

describe(`the delivery log's upkeep on ${testDatabaseKind}`, () => {
  let h: WebhookHarness;
  let hook: GitWebhookSecret;

  beforeAll(async () => {
    h = await startWebhookHarness();
    hook = await h.makeWebhook('github');
  });
  afterAll(() => h.close());

  const deliveriesOf = (webhookId: number) =>
    h.database.db
      .selectFrom('webhook_deliveries')
      .select(['id', 'delivery_id', 'signature_ok', 'received_at'])
      .where('webhook_id', '=', webhookId)
      .orderBy('id')
      .execute();

  it(`deletes deliveries once they are older than ${DELIVERY_RETENTION_DAYS} days, in batches`, async () => {
    const aging = await h.makeWebhook('github');
    for (let i = 0; i < 5; i++) {
      await sendGitHub(h.baseUrl, aging, 'ping', githubExample('ping'), { deliveryId: `aging-${i}` });
    }
    await sendGitHub(h.baseUrl, { ...aging, secret: 'wrong' }, 'ping', githubExample('ping'), {
      deliveryId: 'aging-rejected',
    });
    const rows = await deliveriesOf(aging.id);
    expect(rows).toHaveLength(6);
    // As if the first two arrived two days before the rest.
    const base = rows[5]!.received_at.getTime();
    const arrived = (id: number, at: number) =>
      h.database.db
        .updateTable('webhook_deliveries')
        .set({ received_at: new Date(at) })
        .where('id', '=', id)
        .execute();
    for (const [index, row] of rows.entries()) await arrived(row.id, index < 2 ? base - 2 * DAY : base);
    const clock = new ManualClock(base);
    const prune = (batchSize: number) => pruneOldDeliveries(h.database.db, { now: () => clock.now(), batchSize });

    clock.advance((DELIVERY_RETENTION_DAYS - 2) * DAY); // exactly 30 days after the first two: kept
    expect(await prune(1)).toBe(0);

    clock.advance(DAY);
    expect(await prune(1)).toBe(2);
    expect((await deliveriesOf(aging.id)).map((row) => row.delivery_id)).toEqual([
      'aging-2',
      'aging-3',
      'aging-4',
      'aging-rejected',
    ]);

    clock.advance(DAY + 1);
    expect(await prune(3)).toBe(4);
    expect(await deliveriesOf(aging.id)).toEqual([]);
  });

  it(`keeps only the newest ${REJECTED_DELIVERIES_KEPT} rejected deliveries of a webhook, and every signed one`, async () => {
    const flooded = await h.makeWebhook('github');
    const signed = await sendGitHub(h.baseUrl, flooded, 'ping', githubExample('ping'), { deliveryId: 'signed-1' });
    expect(signed.status).toBe(202);
    // A flood that already happened, as rows (a thousand requests would only slow the test down).
    await h.database.db
      .insertInto('webhook_deliveries')
      .values(
        Array.from({ length: REJECTED_DELIVERIES_KEPT }, (_, i) => ({
          webhook_id: flooded.id,
          org_id: h.cast.orgId,
          delivery_id: `flood-${i}`,
          event: 'pull_request',
          signature_ok: false,
          decision: 'rejected',
          reason: 'rejected: bad signature',
        })),
      )
      .execute();
    for (let i = 0; i < 3; i++) {
      const answer = await sendGitHub(
        h.baseUrl,
        { ...flooded, secret: 'guess' },
        'pull_request',
        {},
        {
          deliveryId: `late-${i}`,
        },
      );
      expect(answer.status).toBe(401);
    }
    const rows = await deliveriesOf(flooded.id);
    const rejected = rows.filter((row) => !row.signature_ok);
    expect(rejected).toHaveLength(REJECTED_DELIVERIES_KEPT);
    expect(rejected.slice(0, 2).map((row) => row.delivery_id)).toEqual(['flood-3', 'flood-4']);
    expect(rejected.slice(-3).map((row) => row.delivery_id)).toEqual(['late-0', 'late-1', 'late-2']);
    expect(rows.filter((row) => row.signature_ok).map((row) => row.delivery_id)).toEqual(['signed-1']);
    // Another webhook's rejected rows are not counted against this one's.
    await sendGitHub(h.baseUrl, { ...hook, secret: 'guess' }, 'ping', {}, { deliveryId: 'elsewhere' });
    expect((await deliveriesOf(hook.id)).map((row) => row.delivery_id)).toContain('elsewhere');
  });
});
