import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventsPage } from '@reviewtrace/contracts';
import { makeOrgWithUsers, makeReview, makeUser, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

interface Item {
  id: string;
  kind: string;
  batchId: string | null;
  sizeBytes: number;
  previewHead: string;
  previewTail: string;
  url?: string;
}

describe(`artifacts: upload, list, signed downloads on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let orgA: number;
  let owner: TestUser;
  let member: TestUser;
  let superAdmin: TestUser;
  let stranger: TestUser;
  let reviewId: number;
  const prompt = `${'é'.repeat(600)} middle ${'z'.repeat(600)}`;

  beforeAll(async () => {
    ctx = await startTestApp();
    ({ orgId: orgA, owner, member, stranger } = await makeOrgWithUsers(ctx.database.db));
    superAdmin = await makeUser(ctx.database.db, stranger.orgId, 'super_admin');
    reviewId = await makeReview(ctx.database.db, orgA, { status: 'in_progress' });
  });
  afterAll(() => ctx.close());

  const upload = (user: TestUser | null, kind: string, body: string, query = '?batch_id=batch-1') =>
    request(ctx.app, user?.token, {
      method: 'PUT',
      url: `/api/v1/reviews/${reviewId}/artifacts/${kind}${query}`,
      payload: body,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  const list = async (user: TestUser, query = '') => {
    const response = await request(ctx.app, user.token, {
      method: 'GET',
      url: `/api/v1/reviews/${reviewId}/artifacts${query}`,
    });
    expect(response.statusCode).toBe(200);
    return (response.json() as { items: Item[] }).items;
  };

  it('stores an upload with previews cut on character boundaries, and logs an artifact event', async () => {
    const response = await upload(owner, 'prompt', prompt);
    expect(response.statusCode).toBe(201);
    const created = response.json() as Item;
    expect(created).toMatchObject({ kind: 'prompt', batchId: 'batch-1', sizeBytes: Buffer.byteLength(prompt) });
    expect(Array.from(created.previewHead)).toHaveLength(500);
    expect(created.previewHead).toBe('é'.repeat(500));
    expect(created.previewTail).toBe('z'.repeat(500));
    const events = (
      await request(ctx.app, member.token, { method: 'GET', url: `/api/v1/reviews/${reviewId}/events?type=artifact` })
    ).json() as EventsPage;
    expect(events.events.at(-1)?.data).toMatchObject({
      artifactId: created.id,
      kind: 'prompt',
      url: `/api/v1/artifacts/${created.id}/content`,
    });
  });

  it('gives owners a signed link that downloads the full content, and members only previews', async () => {
    const [forOwner] = await list(owner, '?kind=prompt');
    expect(forOwner?.url).toMatch(/^\/api\/v1\/artifacts\/[0-9a-f-]{36}\/content\?exp=\d+&sig=[\w-]+$/);
    const download = await ctx.app.inject({ method: 'GET', url: forOwner!.url! });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe(prompt);
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="review-${reviewId}-prompt-batch-1.txt"`,
    );
    const [forMember] = await list(member, '?kind=prompt');
    expect(forMember).not.toHaveProperty('url');
    expect(forMember?.previewHead).toBe(forOwner?.previewHead);
    expect((await list(superAdmin))[0]?.url).toBeDefined();
  });

  it("masks the org's own stored secrets in uploaded text, not only well-known key shapes", async () => {
    const orgKey = 'corp-llm-gateway-key-7f3a9c21e8';
    const connector = await request(ctx.app, owner.token, {
      method: 'POST',
      url: '/api/v1/connectors',
      payload: {
        providerType: 'openai',
        name: 'gateway',
        baseUrl: 'https://llm.corp.example/v1',
        apiKey: orgKey,
        model: 'm',
      },
    });
    expect(connector.statusCode).toBe(201);
    const response = await upload(
      owner,
      'response',
      `{"request":{"headers":{"x-gateway":"${orgKey}"}}}`,
      '?batch_id=batch-9',
    );
    expect(response.statusCode).toBe(201);
    const [item] = await list(owner, '?kind=response&batch_id=batch-9');
    const download = await ctx.app.inject({ method: 'GET', url: item!.url! });
    expect(download.body).not.toContain(orgKey);
    expect(download.body).toContain('[redacted]');
  });

  it('refuses an expired, tampered, unsigned or foreign link with 403', async () => {
    const [item] = await list(owner, '?kind=prompt');
    const url = new URL(item!.url!, 'http://x');
    const exp = url.searchParams.get('exp')!;
    const sig = url.searchParams.get('sig')!;
    const path = url.pathname;
    const tampered = `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const target of [
      `${path}?exp=${Number(exp) + 60}&sig=${sig}`,
      `${path}?exp=${exp}&sig=${tampered}`,
      path,
      `${path}?exp=1&sig=${sig}`,
    ]) {
      const response = await ctx.app.inject({ method: 'GET', url: target });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    }
  });

  it('answers 400 for path-traversal attempts in kind, batch id or artifact id', async () => {
    expect((await upload(owner, '..%2F..%2Fetc', 'x')).statusCode).toBe(400);
    expect((await upload(owner, 'prompt', 'x', '?batch_id=../../etc/passwd')).statusCode).toBe(400);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/v1/artifacts/..%2F..%2Fsecrets.json/content?exp=1&sig=x' }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await request(ctx.app, owner.token, {
          method: 'GET',
          url: `/api/v1/reviews/${reviewId}/artifacts?batch_id=../x`,
        })
      ).statusCode,
    ).toBe(400);
  });

  it('answers 400 for an upload with no body at all, storing nothing', async () => {
    const before = (await list(owner)).length;
    const response = await request(ctx.app, owner.token, {
      method: 'PUT',
      url: `/api/v1/reviews/${reviewId}/artifacts/diff`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'bad_request', details: [{ field: 'body' }] });
    expect(await list(owner)).toHaveLength(before);
  });

  it('lets only owners upload, only into their org', async () => {
    expect((await upload(member, 'response', 'x')).statusCode).toBe(403);
    expect((await upload(stranger, 'response', 'x')).statusCode).toBe(404);
    expect((await upload(null, 'response', 'x')).statusCode).toBe(401);
    expect(
      (await request(ctx.app, stranger.token, { method: 'GET', url: `/api/v1/reviews/${reviewId}/artifacts` }))
        .statusCode,
    ).toBe(404);
  });

  it('redacts secrets in uploaded text before storing it', async () => {
    const body = `prompt with Authorization: Bearer sk-proj-AbCdEfGhIjKlMnOpQrStUvWx12 inside\n`;
    expect((await upload(owner, 'prompt', body, '?batch_id=batch-9')).statusCode).toBe(201);
    const [item] = await list(owner, '?batch_id=batch-9');
    const stored = (await ctx.app.inject({ method: 'GET', url: item!.url! })).body;
    expect(stored).not.toContain('sk-proj-AbCdEf');
    expect(stored).toContain('[redacted]');
  });

  it('streams a large upload and download', async () => {
    const big = 'line of a large model response\n'.repeat(200_000); // ~6 MB
    const response = await upload(owner, 'response', big, '?batch_id=batch-2');
    expect(response.statusCode).toBe(201);
    const [item] = await list(owner, '?kind=response&batch_id=batch-2');
    expect(item?.sizeBytes).toBe(Buffer.byteLength(big));
    const download = await ctx.app.inject({ method: 'GET', url: item!.url! });
    expect(download.rawPayload.length).toBe(Buffer.byteLength(big));
  });
});
