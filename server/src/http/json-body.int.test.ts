import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventsPage } from '@reviewtrace/contracts';
import { makeOrg, makeReview, makeUser, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

/** `{"a":{"a":…{}…}}` with `levels` objects. */
const nestedObjects = (levels: number) => '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1);
const nestedArrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe(`JSON bodies: nesting depth and parsing on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let owner: TestUser;
  let reviewId: number;

  beforeAll(async () => {
    ctx = await startTestApp();
    const orgId = await makeOrg(ctx.database.db);
    owner = await makeUser(ctx.database.db, orgId, 'owner');
    reviewId = await makeReview(ctx.database.db, orgId, { status: 'in_progress', completedAt: null });
  });
  afterAll(() => ctx.close());

  const post = (url: string, payload: string, token: string | undefined = owner.token) =>
    request(ctx.app, token, { method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });
  /** An ingestion body whose event data holds `levels` nested objects (3 more levels around it). */
  const ingestionBody = (levels: number) =>
    `{"events":[{"type":"log","data":{"message":"deep","nested":${nestedObjects(levels)}}}]}`;

  it.each([
    ['ingestion', () => `/api/v1/reviews/${reviewId}/events`, () => ingestionBody(4_000)],
    ['review creation', () => '/api/v1/reviews', () => `{"engine":"external","metadata":${nestedObjects(4_000)}}`],
    ['ingestion, arrays', () => `/api/v1/reviews/${reviewId}/events`, () => nestedArrays(4_000)],
    ['sign-in (no user)', () => '/auth/session', () => `{"token":${nestedArrays(4_000)}}`],
  ])('answers 400 bad_request for 4,000 levels (%s)', async (_name, url, body) => {
    const response = await post(url(), body());
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: 'bad_request',
        message: 'Invalid body: JSON nested deeper than 32 levels of arrays and objects',
        details: [{ field: 'body', message: 'nested deeper than 32 levels of arrays and objects' }],
      },
    });
  });

  it('stores an event whose body nests exactly 32 levels, and refuses 33', async () => {
    const accepted = await post(`/api/v1/reviews/${reviewId}/events`, ingestionBody(28));
    expect(accepted.statusCode).toBe(200);
    const events = await request(ctx.app, owner.token, {
      method: 'GET',
      url: `/api/v1/reviews/${reviewId}/events?type=log`,
    });
    const data = (events.json() as EventsPage).events.at(-1)!.data as { nested: unknown };
    expect(JSON.stringify(data.nested)).toBe(nestedObjects(28));

    const refused = await post(`/api/v1/reviews/${reviewId}/events`, ingestionBody(29));
    expect(refused.statusCode).toBe(400);
  });

  it('keeps the answers for empty, malformed and prototype-poisoning bodies', async () => {
    const url = `/api/v1/reviews/${reviewId}/events`;
    for (const body of ['', '{"events": [', '{"__proto__":{"polluted":true},"events":[]}']) {
      const response = await post(url, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('bad_request');
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('still parses JSON with a charset parameter', async () => {
    const response = await request(ctx.app, owner.token, {
      method: 'POST',
      url: `/api/v1/reviews/${reviewId}/events`,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      payload: '{"events":[{"type":"log","data":{"message":"charset"}}]}',
    });
    expect(response.statusCode).toBe(200);
  });
});
