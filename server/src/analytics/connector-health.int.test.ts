import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { ConnectorHealthItem, ConnectorHealthResponse } from '@reviewtrace/contracts';
import {
  appendEventsBySql,
  makeConnector,
  makeOrgWithUsers,
  makeReview,
  makeUser,
  type ReviewValues,
  type TestUser,
} from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

const NOW = new Date('2026-06-10T12:00:00.000Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

describe(`GET /api/v1/analytics/connectors on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let orgA: number;
  let orgB: number;
  let owner: TestUser;
  let member: TestUser;
  let otherOwner: TestUser;
  let superAdmin: TestUser;
  let ollama: number;
  let gemini: number;
  let otherOrgConnector: number;

  /** A review that ran `seconds` long (started 1 s after creation), optionally falling back in a batch. */
  const review = async (
    orgId: number,
    values: ReviewValues & { seconds?: number; fallback?: 'status' | 'field' },
  ): Promise<number> => {
    const db = ctx.database.db;
    const createdAt = values.createdAt ?? hoursAgo(2);
    const finished = ['completed', 'failed', 'canceled'].includes(values.status ?? 'completed');
    const id = await makeReview(db, orgId, {
      ...values,
      createdAt,
      startedAt: values.status === 'created' ? null : new Date(createdAt.getTime() + 1_000),
      completedAt: finished ? new Date(createdAt.getTime() + 1_000 + (values.seconds ?? 10) * 1_000) : null,
    });
    await appendEventsBySql(db, id, orgId, [{ type: 'batch', data: { batchId: 'batch-1', status: 'running' } }]);
    if (values.fallback === 'status')
      await appendEventsBySql(db, id, orgId, [{ type: 'batch', data: { batchId: 'batch-1', status: 'fallback' } }]);
    if (values.fallback === 'field') {
      await appendEventsBySql(db, id, orgId, [
        { type: 'batch', data: { batchId: 'batch-1', status: 'success', fallback: { reason: 'stall', afterMs: 9 } } },
      ]);
    }
    return id;
  };

  beforeAll(async () => {
    ctx = await startTestApp({ now: () => NOW });
    const db = ctx.database.db;
    const cast = await makeOrgWithUsers(db, { orgName: 'Acme', strangerOrgName: 'Globex' });
    ({ orgId: orgA, owner, member, stranger: otherOwner } = cast);
    orgB = otherOwner.orgId;
    superAdmin = await makeUser(db, orgB, 'super_admin');
    ollama = await makeConnector(db, orgA, { provider: 'ollama', name: 'Local Ollama', model: 'qwen2.5-coder' });
    gemini = await makeConnector(db, orgA, { provider: 'gemini', name: 'Gemini', model: 'gemini-2.0-flash' });
    otherOrgConnector = await makeConnector(db, orgB, { provider: 'openai', name: 'OpenAI', model: 'gpt-4o-mini' });

    // Acme × Local Ollama × qwen2.5-coder: 7 reviews over two hours.
    await review(orgA, { connectorId: ollama, createdAt: hoursAgo(3), seconds: 10 });
    await review(orgA, { connectorId: ollama, createdAt: hoursAgo(3), seconds: 20, fallback: 'status' });
    await review(orgA, { connectorId: ollama, createdAt: hoursAgo(1), seconds: 30, fallback: 'field' });
    await review(orgA, {
      connectorId: ollama,
      createdAt: hoursAgo(1),
      status: 'failed',
      errorCategory: 'stream_stall',
      seconds: 40,
      fallback: 'status',
    });
    await review(orgA, { connectorId: ollama, createdAt: hoursAgo(1), status: 'failed', seconds: 50 });
    await review(orgA, { connectorId: ollama, createdAt: hoursAgo(1), status: 'canceled', seconds: 999 });
    await review(orgA, { connectorId: ollama, createdAt: hoursAgo(1), status: 'in_progress' });
    // The same connector after its model changed: a row of its own (the reviews keep their snapshot).
    await sql`UPDATE ai_connectors SET selected_model = 'qwen3-coder' WHERE id = ${ollama}`.execute(db);
    await review(orgA, { connectorId: ollama, createdAt: hoursAgo(1), status: 'created' });
    // Gemini: failures of several categories, one from another engine's vocabulary.
    for (const errorCategory of ['auth', 'auth', 'rate_limit', 'timeout', 'timeout', 'engine_exploded'])
      await review(orgA, { connectorId: gemini, status: 'failed', errorCategory, createdAt: hoursAgo(5) });
    // Outside the window, and another org.
    await review(orgA, { connectorId: ollama, createdAt: hoursAgo(24 * 8) });
    await review(orgB, { connectorId: otherOrgConnector, createdAt: hoursAgo(2) });
    await review(orgB, { connectorId: otherOrgConnector, createdAt: hoursAgo(2), status: 'failed' });
    // A review whose connector was deleted keeps its model snapshot.
    const doomed = await makeConnector(db, orgB, { provider: 'ollama', name: 'Old box', model: 'llama3.1' });
    await review(orgB, { connectorId: doomed, createdAt: hoursAgo(2) });
    await sql`DELETE FROM ai_connectors WHERE id = ${doomed}`.execute(db);
  });
  afterAll(() => ctx.close());

  const health = (query: string, user: TestUser) =>
    request(ctx.app, user.token, { method: 'GET', url: `/api/v1/analytics/connectors${query}` });
  const itemsOf = async (query: string, user: TestUser) => {
    const response = await health(query, user);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as ConnectorHealthResponse;
  };
  const keyOf = (item: ConnectorHealthItem) => [item.orgName, item.connectorName, item.model];

  it('aggregates each connector × model of the owner’s org over the last 7 days', async () => {
    const body = await itemsOf('', owner);
    expect(body).toMatchObject({ from: '2026-06-03T12:00:00.000Z', to: NOW.toISOString(), bucket: 'day' });
    expect(body.items.map(keyOf)).toEqual([
      ['Acme', 'Local Ollama', 'qwen2.5-coder'],
      ['Acme', 'Gemini', 'gemini-2.0-flash'],
      ['Acme', 'Local Ollama', 'qwen3-coder'],
    ]);
    const [qwen, gem, qwen3] = body.items;
    expect(qwen).toEqual({
      orgId: orgA,
      orgName: 'Acme',
      connectorId: ollama,
      connectorName: 'Local Ollama',
      providerType: 'ollama',
      model: 'qwen2.5-coder',
      reviews: 7,
      succeeded: 3,
      failed: 2,
      canceled: 1,
      running: 1,
      queued: 0,
      failureRate: 0.4,
      fallbackReviews: 3,
      fallbackRate: 0.4286,
      streamBlockedReviews: 3,
      streamBlockedRate: 0.4286,
      // Over the five finished reviews (10, 20, 30, 40, 50 s): the canceled one does not count.
      p50DurationMs: 30_000,
      p95DurationMs: 48_000,
      // No review here reported usage (connector-cost.int.test.ts covers cost and tokens).
      tokensIn: 0,
      tokensOut: 0,
      costUsd: null,
      usageReviews: 0,
      costUnknownReviews: 0,
      topErrorCategories: [
        { category: 'stream_stall', title: 'No streaming chunks arrived', count: 1 },
        { category: 'unknown', title: 'Unexpected error', count: 1 },
      ],
      series: [{ at: '2026-06-10T00:00:00.000Z', reviews: 7, failed: 2, fallback: 3 }],
    });
    expect(gem).toMatchObject({
      reviews: 6,
      failed: 6,
      failureRate: 1,
      fallbackRate: 0,
      topErrorCategories: [
        { category: 'auth', title: 'Token invalid or expired', count: 2 },
        { category: 'timeout', title: 'The model did not answer in time', count: 2 },
        { category: 'engine_exploded', title: 'engine_exploded', count: 1 },
      ],
    });
    expect(qwen3).toMatchObject({
      reviews: 1,
      queued: 1,
      failureRate: 0,
      fallbackRate: 0,
      p50DurationMs: null,
      p95DurationMs: null,
      topErrorCategories: [],
    });
  });

  it('buckets by hour up to 48 hours, ascending, only where there are reviews', async () => {
    const body = await itemsOf(`?from=${hoursAgo(4).toISOString()}&to=${NOW.toISOString()}`, owner);
    expect(body.bucket).toBe('hour');
    expect(body.items.map(keyOf)).toEqual([
      ['Acme', 'Local Ollama', 'qwen2.5-coder'],
      ['Acme', 'Local Ollama', 'qwen3-coder'],
    ]);
    expect(body.items[0]!.series).toEqual([
      { at: '2026-06-10T09:00:00.000Z', reviews: 2, failed: 0, fallback: 1 },
      { at: '2026-06-10T11:00:00.000Z', reviews: 5, failed: 2, fallback: 2 },
    ]);
    const edge = await itemsOf(`?from=${hoursAgo(48).toISOString()}`, owner);
    expect(edge.bucket).toBe('hour');
    expect((await itemsOf(`?from=${hoursAgo(49).toISOString()}`, owner)).bucket).toBe('day');
  });

  it('shows a super_admin every org by default, or the orgs of org_id', async () => {
    const all = await itemsOf('', superAdmin);
    expect(all.items.map(keyOf)).toEqual([
      ['Acme', 'Local Ollama', 'qwen2.5-coder'],
      ['Acme', 'Gemini', 'gemini-2.0-flash'],
      ['Globex', 'OpenAI', 'gpt-4o-mini'],
      ['Acme', 'Local Ollama', 'qwen3-coder'],
      ['Globex', null, 'llama3.1'],
    ]);
    expect(all.items.at(-1)).toMatchObject({ connectorId: null, providerType: 'ollama', reviews: 1 });
    expect((await itemsOf('?org_id=all', superAdmin)).items).toHaveLength(5);
    expect((await itemsOf(`?org_id=${orgB}`, superAdmin)).items.map(keyOf)).toEqual([
      ['Globex', 'OpenAI', 'gpt-4o-mini'],
      ['Globex', null, 'llama3.1'],
    ]);
    expect((await itemsOf(`?org_id=${orgA},${orgB}`, superAdmin)).items).toHaveLength(5);
  });

  it('keeps owners to their org and refuses members', async () => {
    expect((await itemsOf('', otherOwner)).items.map(keyOf)).toEqual([
      ['Globex', 'OpenAI', 'gpt-4o-mini'],
      ['Globex', null, 'llama3.1'],
    ]);
    expect((await itemsOf(`?org_id=${orgA}`, owner)).items).toHaveLength(3);
    for (const query of [`?org_id=${orgB}`, `?org_id=${orgA},${orgB}`, '?org_id=all']) {
      const refused = await health(query, owner);
      expect(refused.statusCode, query).toBe(403);
      expect(refused.json()).toMatchObject({
        error: { code: 'forbidden', message: expect.stringContaining('super_admin') },
      });
    }
    const asMember = await health('', member);
    expect(asMember.statusCode).toBe(403);
    expect(asMember.json()).toEqual({
      error: {
        code: 'forbidden',
        message: 'Your role (member) may not see connector health (owners and super_admins can)',
      },
    });
    // An owner of Acme acting in Globex is not a member there.
    const foreign = await request(ctx.app, owner.token, {
      method: 'GET',
      url: '/api/v1/analytics/connectors',
      org: orgB,
    });
    expect(foreign.statusCode).toBe(403);
    expect((await request(ctx.app, undefined, { method: 'GET', url: '/api/v1/analytics/connectors' })).statusCode).toBe(
      401,
    );
  });

  it('answers a bad window or org_id with a 400 envelope naming the field', async () => {
    const cases: [string, string][] = [
      ['?from=yesterday', 'querystring.from'],
      ['?to=2026-06-10', 'querystring.to'],
      ['?to=0000-01-01T00:00:00Z', 'querystring.to'],
      ['?from=2026-02-31T00:00:00Z', 'querystring.from'],
      ['?org_id=acme', 'querystring.org_id'],
      ['?org_id=0', 'querystring.org_id'],
      [`?from=${NOW.toISOString()}&to=${NOW.toISOString()}`, 'querystring.from'],
      [`?from=${hoursAgo(1).toISOString()}&to=${hoursAgo(2).toISOString()}`, 'querystring.from'],
      [`?from=${hoursAgo(24 * 92 + 1).toISOString()}`, 'querystring.from'],
      ['?to=2026-06-10T12:00:00Z&from=2026-01-01T00:00:00Z', 'querystring.from'],
    ];
    for (const [query, field] of cases) {
      const response = await health(query, superAdmin);
      expect(response.statusCode, query).toBe(400);
      const body = response.json() as { error: { code: string; details: { field: string }[] } };
      expect(body.error.code).toBe('bad_request');
      expect(body.error.details.map((d) => d.field)).toContain(field);
    }
    expect((await itemsOf(`?from=${hoursAgo(24 * 92).toISOString()}`, superAdmin)).bucket).toBe('day');
    // An empty window and an org nobody is in are empty answers, not errors.
    expect((await itemsOf('?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z', superAdmin)).items).toEqual([]);
    expect((await itemsOf('?org_id=999999', superAdmin)).items).toEqual([]);
  });

  it('counts a fallback toward "this proxy may block streams" only when the plain request then answered', async () => {
    const db = ctx.database.db;
    const hung = await makeConnector(db, orgB, { provider: 'ollama', name: 'Hung box', model: 'hung' });
    const proxied = await makeConnector(db, orgB, { provider: 'ollama', name: 'Behind proxy', model: 'proxied' });
    // Streams got nothing, and neither did the plain requests: timeouts, a hung server.
    for (let i = 0; i < 2; i += 1)
      await review(orgB, { connectorId: hung, status: 'failed', errorCategory: 'timeout', fallback: 'status' });
    // Streams got nothing, the plain request answered: a proxy that buffers streams.
    await review(orgB, { connectorId: proxied, fallback: 'status' });
    await review(orgB, { connectorId: proxied, status: 'failed', errorCategory: 'stream_stall', fallback: 'field' });

    const { items } = await itemsOf('', otherOwner);
    expect(items.find((i) => i.connectorId === hung)).toMatchObject({
      fallbackRate: 1,
      streamBlockedReviews: 0,
      streamBlockedRate: 0,
    });
    expect(items.find((i) => i.connectorId === proxied)).toMatchObject({
      fallbackRate: 1,
      streamBlockedReviews: 2,
      streamBlockedRate: 1,
    });
  });

  it('is documented in the OpenAPI spec', async () => {
    const spec = (await ctx.app.inject('/api/v1/openapi.json')).json();
    const operation = spec.paths['/api/v1/analytics/connectors'].get;
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(['from', 'to', 'org_id']);
    expect(Object.keys(operation.responses)).toEqual(['200', '400', '401', '403', '404']);
    const item = operation.responses['200'].content['application/json'].schema.properties.items.items;
    expect(item.required).toEqual(expect.arrayContaining(['connectorId', 'failureRate', 'p95DurationMs', 'series']));
  });
});
