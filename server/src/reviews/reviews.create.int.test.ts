import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewSummary } from '@reviewtrace/contracts';
import { makeConnector, makeOrgWithUsers, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

describe(`POST /api/v1/reviews on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let orgA: number;
  let orgB: number;
  let member: TestUser;
  let foreignConnector: number;

  beforeAll(async () => {
    ctx = await startTestApp();
    let stranger: TestUser;
    ({ orgId: orgA, member, stranger } = await makeOrgWithUsers(ctx.database.db));
    orgB = stranger.orgId;
    foreignConnector = await makeConnector(ctx.database.db, orgB);
  });
  afterAll(() => ctx.close());

  const create = (payload: unknown, user: TestUser | null = member, org?: number) =>
    request(ctx.app, user?.token, { method: 'POST', url: '/api/v1/reviews', payload: payload as object, org });
  const countReviews = async () =>
    Number(
      (
        await ctx.database.db
          .selectFrom('reviews')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('creates an external engine’s review in the caller’s org, not queued for the built-in engine', async () => {
    const connector = await makeConnector(ctx.database.db, orgA, { model: 'qwen2.5-coder' });
    const response = await create({
      engine: 'external',
      prMrUrl: 'https://gitlab.example.com/team/app/-/merge_requests/42',
      title: 'Add caching',
      connectorId: connector,
    });
    expect(response.statusCode).toBe(201);
    const review = response.json() as ReviewSummary;
    expect(review).toMatchObject({
      orgId: orgA,
      title: 'Add caching',
      status: 'queued',
      gitProvider: 'gitlab',
      repository: 'team/app',
      triggerType: 'external',
      connector: { id: connector, model: 'qwen2.5-coder' },
    });
    const row = await ctx.database.db
      .selectFrom('reviews')
      .select(['engine', 'user_email', 'created_by'])
      .where('id', '=', review.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ engine: 'external', user_email: member.email, created_by: member.id });
    const read = await request(ctx.app, member.token, { method: 'GET', url: `/api/v1/reviews/${review.id}` });
    expect(read.statusCode).toBe(200);
  });

  it.each([
    [{ prMrUrl: 'https://github.com/o/r/pull/1', connectorId: 987654 }, 'body.connectorId'],
    [{ engine: 'builtin' }, 'body.prMrUrl'],
    [{ engine: 'builtin' }, 'body.connectorId'],
    [{ engine: 'robot' }, 'body.engine'],
    [{ engine: 'external', prMrUrl: 'not a url' }, 'body.prMrUrl'],
    [{ engine: 'external', prMrUrl: 'javascript:alert(document.cookie)' }, 'body.prMrUrl'],
    [{ engine: 'external', prMrUrl: 'data:text/html,<script>alert(1)</script>' }, 'body.prMrUrl'],
    [{ engine: 'external', prMrUrl: 'file:///etc/passwd' }, 'body.prMrUrl'],
    [{ prMrUrl: 'javascript://github.com/%0aalert(1)', connectorId: 1 }, 'body.prMrUrl'],
    [{ engine: 'external', title: '' }, 'body.title'],
    [{ engine: 'external', connectorId: 'three' }, 'body.connectorId'],
  ])('rejects %j with a 400 naming %s, storing nothing', async (payload, field) => {
    const before = await countReviews();
    const response = await create(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await countReviews()).toBe(before);
  });

  it('rejects a connector of another org without revealing it', async () => {
    const before = await countReviews();
    const response = await create({ engine: 'external', connectorId: foreignConnector });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { field: 'body.connectorId', message: expect.stringContaining('no connector') },
    ]);
    expect(await countReviews()).toBe(before);
  });

  it('answers 400 for malformed JSON, never 500', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/reviews',
      headers: { authorization: `Bearer ${member.token}`, 'content-type': 'application/json' },
      payload: '{"engine": "external",',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('bad_request');
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const response = await create({ engine: 'external', title: 'x', metadata: { blob: 'x'.repeat(1_100_000) } });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });

  it('answers 401 without a token and 403 in an org the caller is not a member of', async () => {
    expect((await create({ engine: 'external' }, null)).statusCode).toBe(401);
    expect((await create({ engine: 'external' }, member, orgB)).statusCode).toBe(403);
  });
});
