import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDelivery, AlertEndpoint, AlertEndpointSecret } from '@reviewtrace/contracts';
import { AlertsHarness } from '../testing/alerts-harness.ts';
import { makeConnector, makeOrgWithUsers } from '../testing/factories.ts';
import { claimDueDeliveries } from './delivery-queue.repository.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

describe(`alert webhook delivery on ${testDatabaseKind}`, () => {
  const h = new AlertsHarness();
  beforeAll(() => h.start());
  afterAll(() => h.close());

  const deliveries = async (owner: Parameters<AlertsHarness['call']>[0], endpointId: number) =>
    ((await h.call(owner, 'GET', `/alert-endpoints/${endpointId}/deliveries`)).json() as { items: AlertDelivery[] })
      .items;

  it('creates an endpoint with a whsec_ secret shown once, and sends webhook.test signed', async () => {
    const { orgId, owner, endpoint } = await h.org();
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const read = (await h.call(owner, 'GET', `/alert-endpoints/${endpoint.id}`)).json() as AlertEndpoint;
    expect(read.secret).toBe(`••••${endpoint.secret.slice(-4)}`);
    expect(JSON.stringify((await h.call(owner, 'GET', '/alert-endpoints')).json())).not.toContain(endpoint.secret);

    const queued = await h.call(owner, 'POST', `/alert-endpoints/${endpoint.id}/test`);
    expect(queued.statusCode).toBe(202);
    expect(await h.deliver()).toBe(1);
    const [body] = h.verified<{ type: string; data: { endpointId: number } }>(endpoint.secret, orgId);
    expect(body).toMatchObject({ type: 'webhook.test', data: { endpointId: endpoint.id } });
    const [hook] = h.receivedBy(orgId);
    expect(hook!.headers['webhook-id']).toBe((queued.json() as { messageId: string }).messageId);
    expect(hook!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const [delivery] = await deliveries(owner, endpoint.id);
    expect(delivery).toMatchObject({
      type: 'webhook.test',
      state: 'delivered',
      attempts: [{ statusCode: 200, responseExcerpt: 'ok' }],
    });
  });

  it('retries a 500 after 5 s with the same webhook-id, then records the 200', async () => {
    const { orgId, owner, endpoint } = await h.org();
    h.receiver.answer({ status: 500, body: 'x'.repeat(5000) });
    await h.call(owner, 'POST', `/alert-endpoints/${endpoint.id}/test`);
    await h.deliver();
    let [delivery] = await deliveries(owner, endpoint.id);
    expect(delivery!.state).toBe('pending');
    expect(delivery!.attempts[0]!.responseExcerpt).toHaveLength(2048);
    expect(Date.parse(delivery!.nextAttemptAt!) - Date.parse(delivery!.attempts[0]!.at)).toBe(5_000);

    h.clock.advance(4_000);
    expect(await h.deliver()).toBe(0);
    h.clock.advance(1_000);
    expect(await h.deliver()).toBe(1);
    const hooks = h.receivedBy(orgId);
    expect(hooks).toHaveLength(2);
    expect(hooks[1]!.headers['webhook-id']).toBe(hooks[0]!.headers['webhook-id']);
    expect(h.verified(endpoint.secret, orgId)).toHaveLength(2);
    [delivery] = await deliveries(owner, endpoint.id);
    expect(delivery!.state).toBe('delivered');
    expect(delivery!.attempts.map((attempt) => attempt.statusCode)).toEqual([500, 200]);
  });

  it('honours Retry-After on 429 and 503', async () => {
    const { owner, endpoint } = await h.org();
    h.receiver.answer({ status: 429, headers: { 'retry-after': '120' } });
    await h.call(owner, 'POST', `/alert-endpoints/${endpoint.id}/test`);
    await h.deliver();
    const [delivery] = await deliveries(owner, endpoint.id);
    expect(Date.parse(delivery!.nextAttemptAt!) - Date.parse(delivery!.attempts[0]!.at)).toBe(120_000);
    h.clock.advance(120_000);
    await h.deliver();
  });

  it('disables the endpoint on 410 Gone and sends it nothing more', async () => {
    const { orgId, owner, endpoint } = await h.org();
    h.receiver.answer({ status: 410 });
    await h.call(owner, 'POST', `/alert-endpoints/${endpoint.id}/test`);
    await h.deliver();
    const read = (await h.call(owner, 'GET', `/alert-endpoints/${endpoint.id}`)).json() as AlertEndpoint;
    expect(read.enabled).toBe(false);
    expect(read.disabledReason).toContain('410');
    expect((await deliveries(owner, endpoint.id))[0]!.state).toBe('failed');

    await h.rule(owner, {
      name: 'Any failure',
      metric: 'failure_rate',
      threshold: 0.5,
      windowMinutes: 15,
      minReviews: 1,
    });
    await h.reviews(
      orgId,
      (await h.db.selectFrom('ai_connectors').select('id').where('org_id', '=', orgId).executeTakeFirstOrThrow()).id,
      { failed: 1 },
    );
    expect((await h.cycle()).notifications).toBe(1);
    await h.deliver();
    expect(h.receivedBy(orgId)).toHaveLength(1);
    await h.db.deleteFrom('alert_rules').where('org_id', '=', orgId).execute();
  });

  it('delivers a pending retry after a restart, and takes over a crashed dispatcher’s claim', async () => {
    const { orgId, owner, endpoint } = await h.org();
    h.receiver.answer({ status: 503 });
    await h.call(owner, 'POST', `/alert-endpoints/${endpoint.id}/test`);
    await h.deliver();
    // "Restart": a dispatcher built afresh, with nothing in memory but the database.
    h.clock.advance(5_000);
    // A process claims the retry and dies before answering.
    expect(await claimDueDeliveries(h.db, new Date(h.clock.now()), 45_000, 20)).toHaveLength(1);
    const restarted = h.newDispatcher();
    expect(await restarted.runDue()).toBe(0);
    h.clock.advance(45_000);
    expect(await restarted.runDue()).toBe(1);
    expect(h.receivedBy(orgId)).toHaveLength(2);
    expect((await deliveries(owner, endpoint.id))[0]!.state).toBe('delivered');
  });

  it('signs with both secrets during a rotation (space separated)', async () => {
    const { orgId, owner, endpoint } = await h.org();
    const rotated = (
      await h.call(owner, 'POST', `/alert-endpoints/${endpoint.id}/rotate-secret`)
    ).json() as AlertEndpointSecret;
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(rotated.previousSecretUntil).not.toBeNull();
    await h.call(owner, 'POST', `/alert-endpoints/${endpoint.id}/test`);
    await h.deliver();
    expect(h.receivedBy(orgId)[0]!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(h.verified(rotated.secret, orgId)).toHaveLength(1);
    expect(h.verified(endpoint.secret, orgId)).toHaveLength(1);
  });

  it('redelivers a delivery with the same webhook-id', async () => {
    const { orgId, owner, endpoint } = await h.org();
    await h.call(owner, 'POST', `/alert-endpoints/${endpoint.id}/test`);
    await h.deliver();
    const [delivery] = await deliveries(owner, endpoint.id);
    const again = await h.call(owner, 'POST', `/alert-endpoints/${endpoint.id}/deliveries/${delivery!.id}/redeliver`);
    expect(again.statusCode).toBe(202);
    await h.deliver();
    const hooks = h.receivedBy(orgId);
    expect(hooks.map((hook) => hook.headers['webhook-id'])).toEqual([delivery!.messageId, delivery!.messageId]);
  });

  it('refuses a private address the outbound policy does not allow', async () => {
    const { owner } = await h.org();
    const created = (
      await h.call(owner, 'POST', '/alert-endpoints', {
        url: `http://127.0.0.2:${h.receiver.port}/hook`,
      })
    ).json() as AlertEndpointSecret;
    await h.call(owner, 'POST', `/alert-endpoints/${created.id}/test`);
    await h.deliver();
    const [delivery] = await deliveries(owner, created.id);
    expect(delivery!.attempts[0]!.statusCode).toBeNull();
    expect(delivery!.attempts[0]!.error).toContain('loopback');
  });

  it.each([
    ['a non-http URL', { url: 'ftp://example.com/hook' }],
    ['a javascript: URL', { url: 'javascript:alert(1)' }],
    ['no URL', { description: 'x' }],
  ])('answers 400 for %s', async (_what, payload) => {
    const { owner } = await h.org();
    const response = await h.call(owner, 'POST', '/alert-endpoints', payload);
    expect(response.statusCode).toBe(400);
    expect((response.json() as { error: { code: string } }).error.code).toBe('bad_request');
  });

  it('keeps endpoints, their tests and their deliveries to their org (404 elsewhere, 403 for members)', async () => {
    const { owner, member, stranger, endpoint } = await h.org();
    await h.call(owner, 'POST', `/alert-endpoints/${endpoint.id}/test`);
    await h.deliver();
    const [delivery] = await deliveries(owner, endpoint.id);
    const paths: [string, string, object?][] = [
      ['GET', `/alert-endpoints/${endpoint.id}`],
      ['PATCH', `/alert-endpoints/${endpoint.id}`, { enabled: false }],
      ['POST', `/alert-endpoints/${endpoint.id}/rotate-secret`],
      ['POST', `/alert-endpoints/${endpoint.id}/test`],
      ['GET', `/alert-endpoints/${endpoint.id}/deliveries`],
      ['POST', `/alert-endpoints/${endpoint.id}/deliveries/${delivery!.id}/redeliver`],
      ['DELETE', `/alert-endpoints/${endpoint.id}`],
    ];
    for (const [method, url, payload] of paths) {
      expect((await h.call(stranger, method as 'GET', url, payload)).statusCode, `${method} ${url}`).toBe(404);
      expect((await h.call(member, method as 'GET', url, payload)).statusCode, `${method} ${url}`).toBe(403);
    }
    const strangersList = (await h.call(stranger, 'GET', '/alert-endpoints')).json() as { items: AlertEndpoint[] };
    expect(strangersList.items.map((item) => item.id)).not.toContain(endpoint.id);
    expect((await h.call(owner, 'GET', `/alert-endpoints/${endpoint.id}`)).json()).toMatchObject({ enabled: true });
    // A delivery id of another endpoint is not found through this one.
    const other = await h.org();
    expect(
      (await h.call(other.owner, 'POST', `/alert-endpoints/${other.endpoint.id}/deliveries/${delivery!.id}/redeliver`))
        .statusCode,
    ).toBe(404);
    expect((await h.call(owner, 'POST', `/alert-endpoints/${endpoint.id}/deliveries/abc/redeliver`)).statusCode).toBe(
      400,
    );
  });

  it('switches on the org’s untouched default rules with its first endpoint', async () => {
    const org = await makeOrgWithUsers(h.db);
    await makeConnector(h.db, org.orgId);
    const enabled = async () =>
      ((await h.call(org.owner, 'GET', '/alert-rules')).json() as { items: { enabled: boolean }[] }).items.map(
        (rule) => rule.enabled,
      );
    expect(await enabled()).toEqual([false, false]);
    await h.call(org.owner, 'POST', '/alert-endpoints', { url: h.receiver.url('/defaults') });
    expect(await enabled()).toEqual([true, true]);
    await h.db.deleteFrom('alert_rules').where('org_id', '=', org.orgId).execute();
  });
});
