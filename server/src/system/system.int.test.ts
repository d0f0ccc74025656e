import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, makeUser, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

describe(`health, metrics and docs on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let user: TestUser;

  beforeAll(async () => {
    ctx = await startTestApp();
    user = await makeUser(ctx.database.db, await makeOrg(ctx.database.db));
  });
  afterAll(() => ctx.close());

  it('answers /healthz and /readyz', async () => {
    expect((await ctx.app.inject('/healthz')).json()).toEqual({ ok: true });
    const ready = await ctx.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
  });

  it('exposes request durations by route template and pool gauges', async () => {
    await request(ctx.app, user.token, { method: 'GET', url: '/api/v1/reviews/12345' });
    const metrics = (await ctx.app.inject('/metrics')).body;
    expect(metrics).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/reviews\/:id",status_code="404"\} 1/,
    );
    expect(metrics).toMatch(/db_pool_connections_total \d+/);
    expect(metrics).toMatch(/db_pool_waiting_requests \d+/);
    expect(metrics).toMatch(/^sse_streams_open 0$/m);
    expect(metrics).toMatch(/^sse_slow_clients_dropped_total 0$/m);
  });

  it('serves OpenAPI 3.1 generated from the route schemas, and a docs page', async () => {
    const spec = (await ctx.app.inject('/api/v1/openapi.json')).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/reviews', '/api/v1/reviews/{id}']));
    const listParams = spec.paths['/api/v1/reviews'].get.parameters.map((p: { name: string }) => p.name);
    expect(listParams).toEqual(expect.arrayContaining(['status', 'q', 'page', 'per_page', 'sort', 'org_id']));
    const docs = await ctx.app.inject('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });

  it('answers unknown API routes with the error envelope', async () => {
    for (const url of ['/api/v1/nothing-here', '/nothing-here']) {
      const response = await ctx.app.inject(url);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        error: { code: 'not_found', message: expect.stringContaining('No route GET') },
      });
    }
  });

  it('sends security headers', async () => {
    const response = await ctx.app.inject('/healthz');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(String(response.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('answers 503 in the envelope when the database is gone', async () => {
    const broken = await startTestApp();
    await broken.database.close();
    const response = await broken.app.inject('/readyz');
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('unavailable');
    await broken.app.close();
  });
});
