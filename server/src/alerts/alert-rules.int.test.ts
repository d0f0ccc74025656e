import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRule } from '@reviewtrace/contracts';
import { makeConnector, makeOrgWithUsers, makeUser, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

describe(`alert rules API on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let owner: TestUser;
  let member: TestUser;
  let stranger: TestUser;
  let admin: TestUser;
  let connector: number;
  let strangersConnector: number;

  beforeAll(async () => {
    // Not the default, so the list shows it says the server's own period.
    ctx = await startTestApp({ alertEvalMs: 90_000 });
    const db = ctx.database.db;
    ({ owner, member, stranger } = await makeOrgWithUsers(db));
    admin = await makeUser(db, owner.orgId, 'super_admin');
    connector = await makeConnector(db, owner.orgId);
    strangersConnector = await makeConnector(db, stranger.orgId);
  });
  afterAll(() => ctx.close());

  const call = (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    request(ctx.app, user.token, { method, url: `/api/v1${url}`, payload });
  const rule = { name: 'Many failures', metric: 'failure_rate', threshold: 0.5, windowMinutes: 15, minReviews: 5 };

  it('creates the two default rules, disabled, with the org’s first connector only', async () => {
    const listed = (await call(owner, 'GET', '/alert-rules')).json() as {
      items: AlertRule[];
      evaluatedEveryMs: number;
    };
    expect(listed.evaluatedEveryMs).toBe(90_000);
    const defaults = listed.items.filter((item) => item.isDefault);
    expect(
      defaults.map((item) => [item.metric, item.threshold, item.windowMinutes, item.minReviews, item.enabled]),
    ).toEqual([
      ['failure_rate', 0.5, 15, 5, false],
      ['fallback_rate', 0.8, 30, 3, false],
    ]);
    await makeConnector(ctx.database.db, owner.orgId);
    const again = (await call(owner, 'GET', '/alert-rules')).json() as { items: AlertRule[] };
    expect(again.items.filter((item) => item.isDefault)).toHaveLength(2);
  });

  it('creates, reads, changes and deletes a rule', async () => {
    const created = await call(owner, 'POST', '/alert-rules', { ...rule, connectorId: connector, model: 'm1' });
    expect(created.statusCode).toBe(201);
    const body = created.json() as AlertRule;
    expect(body).toMatchObject({
      ...rule,
      orgId: owner.orgId,
      connectorId: connector,
      model: 'm1',
      enabled: true,
      allOrgs: false,
    });

    expect((await call(owner, 'GET', `/alert-rules/${body.id}`)).json()).toMatchObject({
      id: body.id,
      name: rule.name,
    });
    const patched = await call(owner, 'PATCH', `/alert-rules/${body.id}`, { threshold: 0.7, enabled: false });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ threshold: 0.7, enabled: false, metric: 'failure_rate' });

    expect((await call(owner, 'DELETE', `/alert-rules/${body.id}`)).statusCode).toBe(204);
    expect((await call(owner, 'GET', `/alert-rules/${body.id}`)).statusCode).toBe(404);
  });

  it.each([
    ['threshold out of range', { ...rule, threshold: 1.5 }, 'body.threshold'],
    ['a negative threshold', { ...rule, threshold: -0.1 }, 'body.threshold'],
    ['a fractional count', { ...rule, metric: 'consecutive_failures', threshold: 2.5 }, 'body.threshold'],
    ['an unknown metric', { ...rule, metric: 'vibes' }, 'metric'],
    ['error_category without a category', { ...rule, metric: 'error_category' }, 'body.category'],
    ['a window of zero', { ...rule, windowMinutes: 0 }, 'windowMinutes'],
    ['a missing name', { metric: 'failure_rate', threshold: 0.5 }, 'name'],
  ])('answers 400 with the error envelope for %s', async (_what, payload, field) => {
    const response = await call(owner, 'POST', '/alert-rules', payload);
    expect(response.statusCode).toBe(400);
    const { error } = response.json() as { error: { code: string; details: { field: string }[] } };
    expect(error.code).toBe('bad_request');
    expect(error.details.map((detail) => detail.field).join(' ')).toContain(field);
  });

  it('checks a PATCH against the rule as it would be (new metric, old threshold)', async () => {
    const { id } = (await call(owner, 'POST', '/alert-rules', rule)).json() as AlertRule;
    const response = await call(owner, 'PATCH', `/alert-rules/${id}`, { metric: 'error_category' });
    expect(response.statusCode).toBe(400);
    const fixed = await call(owner, 'PATCH', `/alert-rules/${id}`, { metric: 'error_category', category: 'auth' });
    expect(fixed.json()).toMatchObject({ metric: 'error_category', category: 'auth' });
  });

  it('refuses another org’s connector (400) and hides other orgs’ rules (404)', async () => {
    const foreign = await call(owner, 'POST', '/alert-rules', { ...rule, connectorId: strangersConnector });
    expect(foreign.statusCode).toBe(400);
    const { id } = (await call(owner, 'POST', '/alert-rules', rule)).json() as AlertRule;
    for (const [method, payload] of [['GET'], ['PATCH', { enabled: false }], ['DELETE']] as const) {
      expect((await call(stranger, method, `/alert-rules/${id}`, payload)).statusCode).toBe(404);
    }
    const strangersList = (await call(stranger, 'GET', '/alert-rules')).json() as { items: AlertRule[] };
    expect(strangersList.items.every((item) => item.orgId === stranger.orgId)).toBe(true);
    expect((await call(owner, 'GET', `/alert-rules/${id}`)).json()).toMatchObject({ enabled: true });
  });

  it('lets only owners manage rules (member: 403)', async () => {
    expect((await call(member, 'GET', '/alert-rules')).statusCode).toBe(403);
    expect((await call(member, 'POST', '/alert-rules', rule)).statusCode).toBe(403);
  });

  it('lets a super_admin make a cross-org rule, and no one else', async () => {
    const byOwner = await call(owner, 'POST', '/alert-rules', { ...rule, allOrgs: true });
    expect(byOwner.statusCode).toBe(403);
    const byAdmin = await call(admin, 'POST', '/alert-rules', {
      ...rule,
      allOrgs: true,
      connectorId: strangersConnector,
    });
    expect(byAdmin.statusCode).toBe(201);
    const { id } = byAdmin.json() as AlertRule;
    expect((await call(owner, 'PATCH', `/alert-rules/${id}`, { threshold: 0.9 })).statusCode).toBe(403);
  });

  it('has no demo receiver page outside demo mode', async () => {
    const response = await call(owner, 'GET', '/demo/alert-receiver');
    expect(response.statusCode).toBe(404);
  });
});
