import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewDetail, ReviewSummary } from '@reviewtrace/contracts';
import { makeConnector, makeOrgWithUsers, makeReview, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

const DIFF = `diff --git a/src/a.ts b/src/a.ts
index 1..2 100644
--- a/src/a.ts
+++ b/src/a.ts
@@ -1,2 +1,3 @@
 export const a = 1;
+export const b = 2;
`;

describe(`creating, canceling and retrying reviews on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let orgA: number;
  let owner: TestUser;
  let member: TestUser;
  let stranger: TestUser;
  let connectorId: number;

  beforeAll(async () => {
    ctx = await startTestApp();
    ({ orgId: orgA, owner, member, stranger } = await makeOrgWithUsers(ctx.database.db));
    connectorId = await makeConnector(ctx.database.db, orgA, { provider: 'openai', model: 'gpt-4o-mini' });
  });
  afterAll(() => ctx.close());

  const post = (user: TestUser | null, url: string, payload?: object, headers: Record<string, string> = {}) =>
    request(ctx.app, user?.token, { method: 'POST', url: `/api/v1${url}`, payload, headers });
  const detail = async (id: number) =>
    (await request(ctx.app, member.token, { method: 'GET', url: `/api/v1/reviews/${id}` })).json() as ReviewDetail;

  it('queues a pasted diff for the built-in engine, keeping the diff as an artifact', async () => {
    const response = await post(member, '/reviews', { diff: DIFF, title: 'Add b', connectorId });
    expect(response.statusCode).toBe(201);
    const review = response.json() as ReviewSummary;
    expect(review).toMatchObject({
      status: 'queued',
      triggerType: 'cli_diff',
      title: 'Add b',
      connector: { id: connectorId },
    });
    const artifacts = await ctx.database.db
      .selectFrom('artifacts')
      .select(['kind', 'size_bytes', 'preview_head'])
      .where('review_id', '=', review.id)
      .execute();
    expect(artifacts).toEqual([{ kind: 'diff', size_bytes: Buffer.byteLength(DIFF), preview_head: DIFF }]);
    expect((await detail(review.id)).metadata).toHaveProperty('diffArtifactId');
  });

  it.each([
    ['prose', 'Please review my change: I renamed total() and fixed the tax.'],
    ['a stack trace', 'TypeError: x is undefined\n    at total (src/cart.ts:3:10)\n'],
    ['a lone --- line', '--- a/src/a.ts\nsome text\n+++ b/src/a.ts\n'],
  ])('refuses %s as a diff with a 400 naming body.diff, storing nothing', async (_, diff) => {
    const before = await ctx.database.db.selectFrom('reviews').select('id').execute();
    const response = await post(member, '/reviews', { diff, title: 'Not a diff', connectorId });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'bad_request',
      details: [
        {
          field: 'body.diff',
          message: 'this is not a unified diff (expected lines starting with `diff --git` or `---`/`+++`)',
        },
      ],
    });
    expect(await ctx.database.db.selectFrom('reviews').select('id').execute()).toEqual(before);
  });

  it('accepts a plain diff -u (no diff --git line), as the engine does', async () => {
    const plain =
      '--- src/a.ts\t2025-09-24\n+++ src/a.ts\t2025-09-25\n@@ -1 +1,2 @@\n export const a = 1;\n+export const b = 2;\n';
    const response = await post(member, '/reviews', { diff: plain, title: 'Plain', connectorId });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ triggerType: 'cli_diff', status: 'queued' });
  });

  it('refuses what it can know is wrong at creation: unsupported URL, no git token for the host', async () => {
    const unsupported = await post(member, '/reviews', { prMrUrl: 'https://example.com/some/page', connectorId });
    expect(unsupported.statusCode).toBe(400);
    expect(unsupported.json().error.details[0].field).toBe('body.prMrUrl');
    const noToken = await post(member, '/reviews', { prMrUrl: 'https://github.com/acme/web/pull/7', connectorId });
    expect(noToken.statusCode).toBe(400);
    expect(noToken.json().error.details[0].message).toMatch(/Settings → Git tokens/);
  });

  it('queues a PR review when the org has a token for its host', async () => {
    await post(owner, '/integration-tokens', {
      provider: 'github',
      name: 'GitHub',
      providerUrl: 'https://api.github.com',
      token: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    });
    const response = await post(member, '/reviews', { prMrUrl: 'https://github.com/acme/web/pull/7', connectorId });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      status: 'queued',
      gitProvider: 'github',
      repository: 'acme/web',
      prMrUrl: 'https://github.com/acme/web/pull/7',
    });
  });

  it('cancels a queued review at once, with a completion event', async () => {
    const { id } = (await post(member, '/reviews', { diff: DIFF, connectorId })).json() as ReviewSummary;
    const response = await post(member, `/reviews/${id}/cancel`);
    expect(response.statusCode).toBe(202);
    expect(response.json().review).toMatchObject({ id, status: 'canceled', errorCategory: 'canceled' });
    const review = await detail(id);
    expect(review.eventCounts).toEqual({ completion: 1, status: 1 });
    expect((await post(member, `/reviews/${id}/cancel`)).statusCode).toBe(409);
  });

  it('cancels a queued review once, however many clicks race', async () => {
    const { id } = (await post(member, '/reviews', { diff: DIFF, connectorId })).json() as ReviewSummary;
    const answers = await Promise.all([1, 2, 3].map(() => post(member, `/reviews/${id}/cancel`)));
    expect(answers.filter((a) => a.statusCode === 202).length).toBeGreaterThanOrEqual(1);
    const review = await detail(id);
    expect(review.eventCounts).toEqual({ completion: 1, status: 1 });
  });

  it('ends a running external review canceled at once (no worker of ours holds it)', async () => {
    const { id } = (
      await post(member, '/reviews', { engine: 'external', title: 'External run' })
    ).json() as ReviewSummary;
    await post(owner, `/reviews/${id}/events`, { events: [{ type: 'status', data: { status: 'running' } }] });
    const response = await post(member, `/reviews/${id}/cancel`);
    expect(response.statusCode).toBe(202);
    expect(response.json().review).toMatchObject({ status: 'canceled', errorCategory: 'canceled' });
  });

  it('asks the engine to stop a running review', async () => {
    const id = await makeReview(ctx.database.db, orgA, { status: 'in_progress' });
    const response = await post(member, `/reviews/${id}/cancel`);
    expect(response.statusCode).toBe(202);
    expect(response.json().review.status).toBe('running');
    const row = await ctx.database.db
      .selectFrom('reviews')
      .select('cancel_requested_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.cancel_requested_at).toBeInstanceOf(Date);
  });

  it('retries a failed review as a new linked review, once per Idempotency-Key', async () => {
    const { id } = (
      await post(member, '/reviews', { diff: DIFF, title: 'Will fail', connectorId })
    ).json() as ReviewSummary;
    await ctx.database.db
      .updateTable('reviews')
      .set({ status: 'failed', error_category: 'timeout' })
      .where('id', '=', id)
      .execute();
    const first = await post(member, `/reviews/${id}/retry`, undefined, { 'idempotency-key': 'click-1' });
    expect(first.statusCode).toBe(202);
    const retried = first.json().review as ReviewSummary;
    expect(retried).toMatchObject({
      retryOf: id,
      status: 'queued',
      triggerType: 'retry',
      title: 'Will fail',
      connector: { id: connectorId },
    });
    expect(retried.id).not.toBe(id);
    const again = await post(member, `/reviews/${id}/retry`, undefined, { 'idempotency-key': 'click-1' });
    expect(again.json().review.id).toBe(retried.id);
    const other = await post(member, `/reviews/${id}/retry`, undefined, { 'idempotency-key': 'click-2' });
    expect(other.json().review.id).not.toBe(retried.id);
    // The diff travels with the retry.
    const diffs = await ctx.database.db
      .selectFrom('artifacts')
      .select('size_bytes')
      .where('review_id', '=', retried.id)
      .where('kind', '=', 'diff')
      .execute();
    expect(diffs).toEqual([{ size_bytes: Buffer.byteLength(DIFF) }]);
  });

  it('downloads the summary and comments as markdown or JSON, only within the org', async () => {
    const id = await makeReview(ctx.database.db, orgA, { status: 'completed', title: 'Fix cart' });
    await ctx.database.db
      .insertInto('ai_comments')
      .values({
        review_id: id,
        org_id: orgA,
        comment_type: 'inline',
        file_path: 'src/cart.ts',
        line_number: 4,
        content: JSON.stringify({ severity: 'warning', content: 'Quantity ignored', suggestion: 'Multiply by qty' }),
      })
      .execute();
    const md = await request(ctx.app, member.token, { method: 'GET', url: `/api/v1/reviews/${id}/summary` });
    expect(md.statusCode).toBe(200);
    expect(md.headers['content-disposition']).toBe(`attachment; filename="review-${id}-summary.md"`);
    expect(md.body).toContain('# Fix cart');
    expect(md.body).toContain('- L4 [warning] Quantity ignored — Multiply by qty');
    const json = await request(ctx.app, member.token, {
      method: 'GET',
      url: `/api/v1/reviews/${id}/summary?format=json`,
    });
    expect(JSON.parse(json.body)).toMatchObject({
      review: { id, title: 'Fix cart' },
      comments: [{ filePath: 'src/cart.ts', lineNumber: 4 }],
    });
    expect(
      (await request(ctx.app, stranger.token, { method: 'GET', url: `/api/v1/reviews/${id}/summary` })).statusCode,
    ).toBe(404);
    expect(
      (await request(ctx.app, member.token, { method: 'GET', url: `/api/v1/reviews/${id}/summary?format=pdf` }))
        .statusCode,
    ).toBe(400);
  });

  it('answers 409 for retrying a review that did not fail, 404 across orgs, 401 without a token', async () => {
    const done = await makeReview(ctx.database.db, orgA, { status: 'completed' });
    expect((await post(member, `/reviews/${done}/retry`)).statusCode).toBe(409);
    expect((await post(stranger, `/reviews/${done}/retry`)).statusCode).toBe(404);
    expect((await post(stranger, `/reviews/${done}/cancel`)).statusCode).toBe(404);
    expect((await post(null, `/reviews/${done}/cancel`)).statusCode).toBe(401);
    expect((await post(member, `/reviews/abc/retry`)).statusCode).toBe(400);
  });
});
