import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { ReviewListResponse } from '@reviewtrace/contracts';
import { scopeToOrg } from '../auth/org-scope.ts';
import { makeOrgWithUsers, makeReview, type OrgWithUsers, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { listReviews, searchTrigramStats } from './reviews.repository.ts';
import { indexTrigrams } from './search-trigrams.ts';

/**
 * Search (`q`) for every shape a user types, once the table is analyzed: the list then reads the
 * trigram index through a few rare trigrams and checks the whole q on the rows left, and must find
 * exactly what the plain substring match finds.
 */
/** GET /reviews with a query string as `user`, which must answer 200. */
async function listAs(ctx: TestContext, user: TestUser, query: string): Promise<ReviewListResponse> {
  const response = await request(ctx.app, user.token, { method: 'GET', url: `/api/v1/reviews${query}` });
  expect(response.statusCode).toBe(200);
  return response.json() as ReviewListResponse;
}

describe(`search on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let org: OrgWithUsers;
  const ids: Record<string, number> = {};
  const FILLER = 30;

  beforeAll(async () => {
    ctx = await startTestApp();
    const db = ctx.database.db;
    org = await makeOrgWithUsers(db, { strangerRole: 'member' });
    const review = (name: string, orgId: number, prMrUrl: string, title: string, repository: string) =>
      makeReview(db, orgId, { prMrUrl, title, repository }).then((id) => (ids[name] = id));
    await review('pull12', org.orgId, 'https://github.com/acme/app/pull/12', 'Fix cache invalidation', 'acme/app');
    await review('pull123', org.orgId, 'https://github.com/acme/app/pull/123', 'Add login flow', 'acme/app');
    await review('gitlab', org.orgId, 'https://gitlab.com/acme/api/-/merge_requests/7', 'Refactor cache', 'acme/api');
    await review('otherOwner', org.orgId, 'https://github.com/other/app/pull/12', 'Update docs', 'other/app');
    // The stranger's org has a review with the very same text: it must never match for this org.
    await review(
      'stranger',
      org.stranger.orgId,
      'https://github.com/acme/app/pull/12',
      'Fix cache invalidation',
      'acme/app',
    );
    // Enough rows of the usual kind for ANALYZE to see which trigrams every row has.
    await sql`INSERT INTO reviews (org_id, status, mr_title, pr_mr_url, repository, created_at)
              SELECT ${org.orgId}, 'completed', 'Bump dependency ' || g, 'https://github.com/acme/web/pull/' || (1000 + g),
                     'acme/web', timestamptz '2026-01-01' + g * interval '1 minute'
                FROM generate_series(1, ${FILLER}) g`.execute(db);
    await sql`ANALYZE reviews`.execute(db);
  });
  afterAll(() => ctx.close());

  const list = (query: string, user: TestUser = org.member) => listAs(ctx, user, query);
  const found = async (q: string, user?: TestUser) =>
    (await list(`?q=${encodeURIComponent(q)}&per_page=100`, user)).items.map((item) => item.id).sort((a, b) => a - b);
  const named = (...names: string[]) => names.map((name) => ids[name]!).sort((a, b) => a - b);

  const shapes: [shape: string, q: string, expected: string[]][] = [
    ['a path', 'app/pull/12', ['pull12', 'pull123', 'otherOwner']],
    ['a word of a title', 'invalidation', ['pull12']],
    ['two words of titles', 'cache', ['pull12', 'gitlab']],
    ['a repository', 'acme/app', ['pull12', 'pull123']],
    ['a full PR URL', 'https://github.com/acme/app/pull/123', ['pull123']],
    ['a full MR URL', 'https://gitlab.com/acme/api/-/merge_requests/7', ['gitlab']],
    ['any case', 'ACME/App', ['pull12', 'pull123']],
    ['nothing', 'kubernetes', []],
  ];

  it('reads the index through a few of the trigrams once the table is analyzed', async () => {
    // Otherwise the cases below would only exercise the plain LIKE.
    const stats = await searchTrigramStats(ctx.database.db);
    expect(stats?.frequencies.get('htt')).toBeGreaterThan(0.5);
    const trigrams = indexTrigrams('https://github.com/acme/app/pull/123', stats);
    expect(trigrams.length).toBeGreaterThan(0);
    expect(trigrams).not.toContain('htt');
  });

  it.each(shapes)('finds %s (q=%s) in the org, and only there', async (_shape, q, expected) => {
    expect(await found(q)).toEqual(named(...expected));
  });

  it.each(shapes)('matches %s (q=%s) like the plain substring search', async (_shape, q) => {
    const db = ctx.database.db;
    const window = { sort: 'created_at', order: 'desc', offset: 0, limit: 100 } as const;
    const scope = scopeToOrg(org.orgId);
    const trigrams = indexTrigrams(q, await searchTrigramStats(db));
    const viaTrigrams = await listReviews(db, scope, { q, searchTrigrams: trigrams }, window);
    const plain = await listReviews(db, scope, { q }, window);
    expect(viaTrigrams.map((row) => row.id)).toEqual(plain.map((row) => row.id));
  });

  it('never finds another org’s review, whatever the shape', async () => {
    for (const [, q] of shapes) expect(await found(q)).not.toContain(ids['stranger']);
    expect(await found('invalidation', org.stranger)).toEqual([ids['stranger']]);
    expect(await found('acme/app', org.stranger)).toEqual([ids['stranger']]);
  });

  it('pages through a search without gaps or repeats, with an exact total', async () => {
    const whole = (await list('?q=bump%20dependency&per_page=100')).items.map((item) => item.id);
    expect(whole).toHaveLength(FILLER);
    const walked: number[] = [];
    for (let page = 1; page <= 5; page++) {
      const body = await list(`?q=bump%20dependency&per_page=7&page=${page}`);
      expect(body).toMatchObject({ total: FILLER, totalExact: true, hasNext: page < 5 });
      walked.push(...body.items.map((item) => item.id));
    }
    expect(walked).toEqual(whole);
    expect(await list('?q=bump%20dependency&per_page=7&page=6')).toMatchObject({ items: [], total: FILLER });
  });

  it('pages a search in every sort and order', async () => {
    for (const sort of ['created_at', 'last_event_at', 'duration']) {
      for (const order of ['desc', 'asc']) {
        const query = `?q=acme/web&sort=${sort}&order=${order}`;
        const whole = (await list(`${query}&per_page=100`)).items.map((item) => item.id);
        expect(whole).toHaveLength(FILLER);
        const first = await list(`${query}&per_page=20`);
        const second = await list(`${query}&per_page=20&page=2`);
        expect(first).toMatchObject({ total: FILLER, totalExact: true, hasNext: true });
        expect(second).toMatchObject({ total: FILLER, totalExact: true, hasNext: false });
        expect([...first.items, ...second.items].map((item) => item.id)).toEqual(whole);
      }
    }
    const created = (await list('?q=acme/web&order=asc&per_page=100')).items.map((item) => item.createdAt);
    expect(created).toEqual([...created].sort());
    const newestFirst = (await list('?q=acme/web&per_page=100')).items.map((item) => item.createdAt);
    expect(newestFirst).toEqual([...created].reverse());
  });
});

describe(`search matching thousands of reviews on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let org: OrgWithUsers;
  const MATCHES = 2_600;

  beforeAll(async () => {
    ctx = await startTestApp();
    const db = ctx.database.db;
    org = await makeOrgWithUsers(db);
    // Enough matches that the page is read on its own and the total is counted, below 10,000.
    await sql`INSERT INTO reviews (org_id, status, mr_title, pr_mr_url, repository, created_at)
              SELECT ${org.orgId}, 'completed', 'Chore ' || g, 'https://github.com/acme/big/pull/' || g, 'acme/big',
                     timestamptz '2026-01-01' + g * interval '1 minute'
                FROM generate_series(1, ${MATCHES}) g`.execute(db);
    await makeReview(db, org.orgId, { prMrUrl: 'https://github.com/acme/small/pull/1', repository: 'acme/small' });
    await makeReview(db, org.stranger.orgId, { prMrUrl: 'https://github.com/acme/big/pull/1', repository: 'acme/big' });
    await sql`ANALYZE reviews`.execute(db);
  });
  afterAll(() => ctx.close());

  const list = (query: string, user: TestUser = org.member) => listAs(ctx, user, query);

  it('counts them exactly and pages through them in order', async () => {
    const first = await list('?q=acme/big&per_page=100');
    expect(first).toMatchObject({ total: MATCHES, totalExact: true, hasNext: true });
    expect(first.items[0]!.prMrUrl).toBe(`https://github.com/acme/big/pull/${MATCHES}`);
    const last = await list('?q=acme/big&per_page=100&page=26');
    expect(last).toMatchObject({ total: MATCHES, totalExact: true, hasNext: false });
    expect(last.items.map((item) => item.prMrUrl)).toEqual(
      Array.from({ length: 100 }, (_, i) => `https://github.com/acme/big/pull/${100 - i}`),
    );
    const oldest = await list('?q=acme/big&per_page=100&order=asc');
    expect(oldest.items[0]!.prMrUrl).toBe('https://github.com/acme/big/pull/1');
    expect(oldest.items.every((item) => item.orgId === org.orgId)).toBe(true);
  });
});
