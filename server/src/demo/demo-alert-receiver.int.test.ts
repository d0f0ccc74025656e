import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEndpointSecret, DemoReceivedWebhook } from '@reviewtrace/contracts';
import { AlertDispatcher } from '../alerts/alert-dispatcher.ts';
import { systemClock } from '../lib/clock.ts';
import { parseAllowList } from '../outbound/allow-list.ts';
import { OutboundPolicy } from '../outbound/outbound-policy.ts';
import { SecretBox } from '../settings/secret-box.ts';
import { makeOrgWithUsers, TEST_JWT_SECRET, type OrgWithUsers, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { startDemoAlerts } from './demo-alerts.ts';
import { DEMO_RECEIVER_PATH, type DemoAlertReceiver } from './demo-alert-receiver.ts';

/**
 * The demo's built-in receiver verifies what the dispatcher signs with the `standardwebhooks`
 * package, and its page shows an owner their org's share of it, in demo mode only.
 */
describe(`the demo's alert receiver on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let receiver: DemoAlertReceiver;
  let dispatcher: AlertDispatcher;
  let cast: OrgWithUsers;
  let endpoint: AlertEndpointSecret;
  const received: { current?: DemoAlertReceiver } = {};

  beforeAll(async () => {
    // The app takes the receiver as main.ts hands it over; it starts after the endpoint exists.
    ctx = await startTestApp({ demoAlertReceiver: { receivedBy: (orgId) => received.current!.receivedBy(orgId) } });
    const db = ctx.database.db;
    cast = await makeOrgWithUsers(db);
    const created = await call(cast.owner, 'POST', '/alert-endpoints', {
      url: `http://127.0.0.1:9${DEMO_RECEIVER_PATH}0`,
      description: 'demo',
    });
    endpoint = created.json() as AlertEndpointSecret;
    const secrets = new SecretBox(TEST_JWT_SECRET);
    receiver = received.current = await startDemoAlerts(db, secrets);
    const outbound = new OutboundPolicy('restricted', parseAllowList(new URL(receiver.origin).host));
    dispatcher = new AlertDispatcher({ db, secrets, outbound, clock: systemClock });
  });
  afterAll(async () => {
    await receiver?.close();
    await ctx?.close();
  });

  function call(user: TestUser, method: 'GET' | 'POST', url: string, payload?: object) {
    return request(ctx.app, user.token, { method, url: `/api/v1${url}`, payload });
  }
  const receivedBy = async (user: TestUser) =>
    ((await call(user, 'GET', '/demo/alert-receiver')).json() as { items: DemoReceivedWebhook[] }).items;

  it('is pointed at when it starts, and verifies a signed webhook.test', async () => {
    const read = (await call(cast.owner, 'GET', `/alert-endpoints/${endpoint.id}`)).json() as AlertEndpointSecret;
    expect(read.url).toBe(receiver.endpointUrl(endpoint.id));

    await call(cast.owner, 'POST', `/alert-endpoints/${endpoint.id}/test`);
    expect(await dispatcher.runDue()).toBe(1);
    const [hook] = await receivedBy(cast.owner);
    expect(hook).toMatchObject({ endpointId: endpoint.id, type: 'webhook.test', verified: true, problem: null });
    expect(JSON.parse(hook!.body)).toMatchObject({ type: 'webhook.test', data: { endpointId: endpoint.id } });
    const deliveries = (await call(cast.owner, 'GET', `/alert-endpoints/${endpoint.id}/deliveries`)).json() as {
      items: { state: string; attempts: { statusCode: number }[] }[];
    };
    expect(deliveries.items[0]).toMatchObject({ state: 'delivered', attempts: [{ statusCode: 204 }] });
  });

  it('reads the secret at each request: a rotated one verifies', async () => {
    await call(cast.owner, 'POST', `/alert-endpoints/${endpoint.id}/rotate-secret`);
    await call(cast.owner, 'POST', `/alert-endpoints/${endpoint.id}/test`);
    await dispatcher.runDue();
    const [latest] = await receivedBy(cast.owner);
    expect(latest).toMatchObject({ type: 'webhook.test', verified: true });
  });

  it('answers 401 to a forged request and shows why it did not verify', async () => {
    const body = JSON.stringify({ type: 'alert.firing', data: {} });
    const forged = await fetch(receiver.endpointUrl(endpoint.id), {
      method: 'POST',
      body,
      headers: {
        'webhook-id': 'msg_forged',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': `v1,${Buffer.from('not the signature').toString('base64')}`,
      },
    });
    expect(forged.status).toBe(401);
    const [latest] = await receivedBy(cast.owner);
    expect(latest).toMatchObject({ webhookId: 'msg_forged', type: 'alert.firing', verified: false });
    expect(latest!.problem).toMatch(/signature/i);
    expect((await fetch(receiver.endpointUrl(999_999), { method: 'POST', body })).status).toBe(410);
  });

  it('shows an owner only their org’s share, and refuses members', async () => {
    expect(await receivedBy(cast.owner)).toHaveLength(3);
    expect(await receivedBy(cast.stranger)).toEqual([]);
    const asMember = await call(cast.member, 'GET', '/demo/alert-receiver');
    expect(asMember.statusCode).toBe(403);
    expect(asMember.json()).toMatchObject({ error: { code: 'forbidden' } });
  });
});
