import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { ReviewListResponse } from '@reviewtrace/contracts';
import { makeConnector, makeOrg, makeReview, makeUser, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

describe(`GET /api/v1/reviews on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let orgA: number;
  let orgB: number;
  let member: TestUser;
  let otherMember: TestUser;
  let superAdmin: TestUser;
  let ollama: number;
  let openai: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    ctx = await startTestApp({ now: () => NOW });
    const db = ctx.database.db;
    orgA = await makeOrg(db);
    orgB = await makeOrg(db);
    member = await makeUser(db, orgA, 'member');
    otherMember = await makeUser(db, orgB, 'member');
    superAdmin = await makeUser(db, orgB, 'super_admin');
    ollama = await makeConnector(db, orgA, { provider: 'ollama', name: 'Local Ollama', model: 'qwen2.5-coder' });
    openai = await makeConnector(db, orgA, { provider: 'openai', name: 'OpenAI', model: 'gpt-4o-mini' });
    const otherOrgConnector = await makeConnector(db, orgB, {
      provider: 'openai',
      name: 'Local Ollama',
      model: 'gpt-4o-mini',
    });

    ids['old'] = await makeReview(db, orgA, {
      createdAt: minutesAgo(600),
      connectorId: ollama,
      title: 'Fix flaky login',
      prMrUrl: 'https://github.com/acme/web/pull/7',
    });
    ids['failed'] = await makeReview(db, orgA, {
      status: 'failed',
      createdAt: minutesAgo(300),
      connectorId: openai,
      errorCategory: 'auth',
      errorSummary: 'Token invalid',
      prMrUrl: 'https://gitlab.com/acme/api/-/merge_requests/12',
      gitProvider: 'gitlab',
      repository: 'acme/api',
    });
    ids['running'] = await makeReview(db, orgA, {
      status: 'in_progress',
      createdAt: minutesAgo(10),
      startedAt: minutesAgo(9),
      connectorId: openai,
      title: '100% coverage_push',
    });
    ids['queued'] = await makeReview(db, orgA, { status: 'created', createdAt: minutesAgo(1), connectorId: ollama });
    ids['otherOrg'] = await makeReview(db, orgB, {
      createdAt: minutesAgo(5),
      connectorId: otherOrgConnector,
      title: 'Fix flaky login elsewhere',
    });
    await sql`UPDATE reviews SET batches_total = 8, batches_done = 3 WHERE id = ${ids['running']}`.execute(db);
  });
  afterAll(() => ctx.close());

  const list = async (query: string, user: TestUser = member, org?: number) => {
    const response = await request(ctx.app, user.token, { method: 'GET', url: `/api/v1/reviews${query}`, org });
    return response;
  };
  const idsOf = async (query: string, user: TestUser = member) => {
    const response = await list(query, user);
    expect(response.statusCode).toBe(200);
    return (response.json() as ReviewListResponse).items.map((item) => item.id);
  };

  it('lists the org’s reviews newest first with the summary shape', async () => {
    const response = await list('');
    expect(response.statusCode).toBe(200);
    const body = response.json() as ReviewListResponse;
    expect(body).toMatchObject({ page: 1, perPage: 25, total: 4, totalExact: true, hasNext: false });
    expect(body.items.map((i) => i.id)).toEqual([ids['queued'], ids['running'], ids['failed'], ids['old']]);
    const failed = body.items.find((i) => i.id === ids['failed'])!;
    expect(failed).toMatchObject({
      orgId: orgA,
      status: 'failed',
      gitProvider: 'gitlab',
      repository: 'acme/api',
      connector: { id: openai, name: 'OpenAI', providerType: 'openai', model: 'gpt-4o-mini' },
      durationMs: 60_000,
      errorCategory: 'auth',
      errorSummary: 'Token invalid',
      commentCount: 0,
      retryOf: null,
      triggerType: 'manual',
    });
  });

  it('shows elapsed time and batch progress for a running review, null duration while queued', async () => {
    const items = (await list('')).json().items as ReviewListResponse['items'];
    const running = items.find((i) => i.id === ids['running'])!;
    expect(running.durationMs).toBe(9 * 60_000);
    expect(running.progress).toEqual({ batchesDone: 3, batchesTotal: 8 });
    expect(items.find((i) => i.id === ids['queued'])!.durationMs).toBeNull();
  });

  it('never shows another org’s reviews', async () => {
    expect(await idsOf('')).not.toContain(ids['otherOrg']);
    expect(await idsOf('', otherMember)).toEqual([ids['otherOrg']]);
  });

  it.each([
    ['?status=failed', ['failed']],
    ['?status=running,queued', ['queued', 'running']],
    ['?model=gpt-4o-mini', ['running', 'failed']],
    ['?provider_type=ollama', ['queued', 'old']],
    ['?connector_name=Local%20Ollama', ['queued', 'old']],
    ['?git_provider=gitlab', ['failed']],
    ['?q=flaky', ['old']],
    ['?q=MERGE_REQUESTS/12', ['failed']],
    ['?q=acme/api', ['failed']],
    ['?q=100%25', ['running']],
    ['?q=e_p', ['running']],
    ['?status=success&model=qwen2.5-coder', ['old']],
    ['?connector_name=No%20such%20connector', []],
  ])('filters %s', async (query, expected) => {
    expect(await idsOf(query)).toEqual(expected.map((name) => ids[name]));
  });

  it('filters by connector id and a created_at window', async () => {
    expect(await idsOf(`?connector_id=${ollama}`)).toEqual([ids['queued'], ids['old']]);
    const from = encodeURIComponent(minutesAgo(400).toISOString());
    const to = encodeURIComponent(minutesAgo(5).toISOString());
    expect(await idsOf(`?from=${from}&to=${to}`)).toEqual([ids['running'], ids['failed']]);
  });

  it('finds a review by its id in q, and treats LIKE wildcards literally', async () => {
    expect(await idsOf(`?q=${ids['failed']}`)).toContain(ids['failed']);
    expect(await idsOf('?q=%25')).toEqual([ids['running']]);
  });

  it('reads #id in q as that review of the org, and only that one', async () => {
    expect(await idsOf(`?q=%23${ids['failed']}`)).toEqual([ids['failed']]);
    // Another org's review is not found by its #id, as if it did not exist.
    expect(await idsOf(`?q=%23${ids['otherOrg']}`)).toEqual([]);
    expect(await idsOf(`?q=%23${ids['otherOrg']}`, otherMember)).toEqual([ids['otherOrg']]);
    expect(await idsOf('?q=%23999999999')).toEqual([]);
    // Anything more than #digits stays a text search.
    expect(await idsOf(`?q=%23${ids['failed']}x`)).toEqual([]);
  });

  it('sorts by last update and by duration, both directions', async () => {
    await sql`UPDATE reviews SET last_event_at = ${minutesAgo(0.5)} WHERE id = ${ids['old']}`.execute(ctx.database.db);
    expect((await idsOf('?sort=last_event_at'))[0]).toBe(ids['old']);
    expect((await idsOf('?sort=last_event_at&order=asc')).at(-1)).toBe(ids['old']);
    const byDuration = await idsOf('?sort=duration&status=success,failed');
    expect(byDuration).toHaveLength(2);
    expect(await idsOf('?sort=duration&order=asc&status=success,failed')).toEqual([...byDuration].reverse());
  });

  it('ignores unknown query parameters', async () => {
    expect((await list('?colour=blue')).statusCode).toBe(200);
  });

  it.each([
    ['?status=bogus', 'querystring.status'],
    ['?page=0', 'querystring.page'],
    ['?page=abc', 'querystring.page'],
    ['?per_page=101', 'querystring.per_page'],
    ['?from=yesterday', 'querystring.from'],
    ['?sort=title', 'querystring.sort'],
    ['?order=sideways', 'querystring.order'],
    ['?connector_id=x', 'querystring.connector_id'],
    ['?org_id=abc', 'querystring.org_id'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const response = await list(query);
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('bad_request');
    expect(body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('answers 401 without a token, and 403 for another org via X-Org-Context', async () => {
    expect((await request(ctx.app, undefined, { method: 'GET', url: '/api/v1/reviews' })).statusCode).toBe(401);
    expect((await list('', member, orgB)).statusCode).toBe(403);
  });

  it('lets only a super_admin filter by org', async () => {
    expect((await list(`?org_id=${orgB}`)).statusCode).toBe(403);
    expect((await list(`?org_id=${orgA}`)).statusCode).toBe(200);
    const all = await idsOf(`?org_id=${orgA},${orgB}`, superAdmin);
    expect(all).toEqual(expect.arrayContaining([ids['otherOrg'], ids['old']]));
    expect(await idsOf('?org_id=all&q=elsewhere', superAdmin)).toEqual([ids['otherOrg']]);
  });
});

describe(`pagination on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let user: TestUser;
  let orgId: number;

  beforeAll(async () => {
    ctx = await startTestApp();
    orgId = await makeOrg(ctx.database.db);
    user = await makeUser(ctx.database.db, orgId);
    // 23 reviews, some sharing a created_at so the id tiebreak matters.
    await sql`INSERT INTO reviews (org_id, status, mr_title, created_at, ai_model)
              SELECT ${orgId}, 'completed', 'Change ' || g, timestamptz '2026-01-01' + (g / 2) * interval '1 minute', 'm'
                FROM generate_series(1, 23) g`.execute(ctx.database.db);
  });
  afterAll(() => ctx.close());

  const page = async (query: string) => {
    const response = await request(ctx.app, user.token, { method: 'GET', url: `/api/v1/reviews${query}` });
    expect(response.statusCode).toBe(200);
    return response.json() as ReviewListResponse;
  };

  it.each(['created_at', 'last_event_at', 'duration'])(
    'walks every page of sort=%s without gaps or repeats, deep pages included',
    async (sort) => {
      for (const order of ['desc', 'asc']) {
        const whole = (await page(`?sort=${sort}&order=${order}&per_page=100`)).items.map((i) => i.id);
        expect(whole).toHaveLength(23);
        const walked: number[] = [];
        for (let n = 1; n <= 4; n++) {
          const body = await page(`?sort=${sort}&order=${order}&per_page=7&page=${n}`);
          expect(body.total).toBe(23);
          expect(body.hasNext).toBe(n < 4);
          walked.push(...body.items.map((i) => i.id));
        }
        expect(walked).toEqual(whole);
      }
    },
  );

  it('counts search matches exactly across pages', async () => {
    const first = await page('?q=change&per_page=7');
    expect(first).toMatchObject({ total: 23, totalExact: true, hasNext: true });
    const last = await page('?q=change&per_page=7&page=4');
    expect(last).toMatchObject({ total: 23, totalExact: true, hasNext: false });
    expect(last.items).toHaveLength(2);
  });

  it('returns an empty page past the end', async () => {
    const body = await page('?per_page=10&page=9');
    expect(body).toMatchObject({ items: [], total: 23, hasNext: false });
  });

  it('gives an exact total with a non-status filter, and an estimate above 10,000 matches', async () => {
    expect(await page('?model=m')).toMatchObject({ total: 23, totalExact: true });
    await sql`INSERT INTO reviews (org_id, status, ai_model) SELECT ${orgId}, 'completed', 'bulk' FROM generate_series(1, 10050)`.execute(
      ctx.database.db,
    );
    await sql`ANALYZE reviews`.execute(ctx.database.db);
    const estimated = await page('?model=bulk');
    expect(estimated.totalExact).toBe(false);
    expect(estimated.total).toBeGreaterThan(10_000);
    expect(estimated.hasNext).toBe(true);
    expect(estimated.items).toHaveLength(25);
    // Without filters the per-status counters keep the total exact at any size.
    expect(await page('')).toMatchObject({ total: 10_073, totalExact: true });
    const last = await page('?page=403');
    expect(last.items).toHaveLength(23);
    expect(last.hasNext).toBe(false);
  });
});

describe(`sort=duration with running reviews on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let user: TestUser;
  const at = new Date('2026-06-01T12:00:00.000Z');
  const ago = (m: number) => new Date(at.getTime() - m * 60_000);
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    ctx = await startTestApp({ now: () => at });
    const db = ctx.database.db;
    const orgId = await makeOrg(db);
    user = await makeUser(db, orgId);
    const finished = (minutes: number) =>
      makeReview(db, orgId, { createdAt: ago(120), startedAt: ago(120), completedAt: ago(120 - minutes) });
    ids['done15'] = await finished(15);
    ids['done5'] = await finished(5);
    ids['done1'] = await finished(1);
    ids['running9'] = await makeReview(db, orgId, { status: 'in_progress', createdAt: ago(10), startedAt: ago(9) });
    ids['running2'] = await makeReview(db, orgId, { status: 'in_progress', createdAt: ago(3), startedAt: ago(2) });
    ids['queued'] = await makeReview(db, orgId, { status: 'created', createdAt: ago(1) });
  });
  afterAll(() => ctx.close());

  const order = async (query: string) => {
    const response = await request(ctx.app, user.token, {
      method: 'GET',
      url: `/api/v1/reviews?sort=duration${query}`,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as ReviewListResponse;
    const name = Object.fromEntries(Object.entries(ids).map(([key, id]) => [id, key]));
    return body.items.map((item) => name[item.id]);
  };

  it('places running reviews by their live duration among the finished ones, queued last', async () => {
    expect(await order('')).toEqual(['done15', 'running9', 'done5', 'running2', 'done1', 'queued']);
    expect(await order('&order=asc')).toEqual(['queued', 'done1', 'running2', 'done5', 'running9', 'done15']);
  });

  it('pages through the merged order without gaps or repeats', async () => {
    const walked = [...(await order('&per_page=4&page=1')), ...(await order('&per_page=4&page=2'))];
    expect(walked).toEqual(['done15', 'running9', 'done5', 'running2', 'done1', 'queued']);
    expect([...(await order('&per_page=2&page=2')), ...(await order('&per_page=2&page=3'))]).toEqual([
      'done5',
      'running2',
      'done1',
      'queued',
    ]);
  });
});
