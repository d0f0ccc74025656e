import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import S3rver from 's3rver';
import { makeOrgWithUsers, makeReview, TEST_JWT_SECRET, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { ORPHAN_GRACE_MS, sweepOrphanFiles } from './orphan-sweep.ts';
import { S3ArtifactStore } from './s3-artifact-store.ts';
import { UrlSigner } from './url-signing.ts';

describe(`S3 artifact store against a local S3-compatible server, on ${testDatabaseKind}`, () => {
  let s3: S3rver;
  let store: S3ArtifactStore;
  let ctx: TestContext;
  let owner: TestUser;
  let member: TestUser;
  let reviewId: number;
  let orgId: number;

  beforeAll(async () => {
    s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: mkdtempSync(path.join(tmpdir(), 'rt-s3-')),
      configureBuckets: [{ name: 'reviewtrace', configs: [] }],
    });
    const { port } = await s3.run();
    store = new S3ArtifactStore({
      bucket: 'reviewtrace',
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });
    ctx = await startTestApp({ artifactStore: store, artifactLimits: { maxUploadBytes: 2 * 1024 * 1024 } });
    ({ orgId, owner, member } = await makeOrgWithUsers(ctx.database.db));
    reviewId = await makeReview(ctx.database.db, orgId, { status: 'in_progress' });
  });
  const keysInBucket = async () => {
    const keys: string[] = [];
    for await (const object of store.list()) keys.push(object.key);
    return keys.sort();
  };
  const uploadText = (body: string | Readable, batchId: string) =>
    request(ctx.app, owner.token, {
      method: 'PUT',
      url: `/api/v1/reviews/${reviewId}/artifacts/response?batch_id=${batchId}`,
      payload: body,
      headers: { 'content-type': 'text/plain' },
    });
  afterAll(async () => {
    await ctx.close();
    store.close();
    await s3.close();
  });

  it('streams an upload into the bucket and hands a presigned link that downloads it', async () => {
    const body = 'diff --git a/x b/x\n'.repeat(50_000); // ~1 MB, several stream chunks
    const uploaded = await request(ctx.app, owner.token, {
      method: 'PUT',
      url: `/api/v1/reviews/${reviewId}/artifacts/diff`,
      payload: Readable.from([Buffer.from(body)]),
      headers: { 'content-type': 'text/x-diff' },
    });
    expect(uploaded.statusCode).toBe(201);
    expect(uploaded.json()).toMatchObject({
      kind: 'diff',
      sizeBytes: Buffer.byteLength(body),
      contentType: 'text/x-diff',
    });

    const list = (
      await request(ctx.app, owner.token, { method: 'GET', url: `/api/v1/reviews/${reviewId}/artifacts` })
    ).json() as { items: { url: string }[] };
    const url = list.items[0]!.url;
    expect(url).toMatch(/X-Amz-Signature=/);
    expect(url).toMatch(/X-Amz-Expires=300/);
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe(body);

    const forMember = (
      await request(ctx.app, member.token, { method: 'GET', url: `/api/v1/reviews/${reviewId}/artifacts` })
    ).json() as { items: { url?: string }[] };
    // A diff is what the pull request shows every reader (the Files tab): members get its link too.
    expect(forMember.items[0]?.url).toMatch(/X-Amz-Signature=/);
  });

  it('reads, and deletes, by key', async () => {
    await store.put('1/3f2504e0-4f89-41d3-9a0c-0305e82c3301', 'hello', 'text/plain');
    const chunks: Buffer[] = [];
    for await (const chunk of await store.get('1/3f2504e0-4f89-41d3-9a0c-0305e82c3301')) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('hello');
    await store.delete('1/3f2504e0-4f89-41d3-9a0c-0305e82c3301');
    await expect(store.get('1/3f2504e0-4f89-41d3-9a0c-0305e82c3301')).rejects.toThrow();
  });

  it('answers 404 not_found, not 500, when the object was deleted from the bucket', async () => {
    const uploaded = await uploadText('soon gone', 'gone-1');
    expect(uploaded.statusCode).toBe(201);
    const { id } = uploaded.json() as { id: string };
    await store.delete(`${reviewId}/${id}`);
    const { exp, sig } = new UrlSigner(TEST_JWT_SECRET).sign(id, orgId);
    const response = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/artifacts/${id}/content?exp=${exp}&sig=${sig}`,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: 'artifact content is gone (retention?)' } });
    // The presigned link goes to the bucket itself, which answers 404 too.
    const list = (
      await request(ctx.app, owner.token, {
        method: 'GET',
        url: `/api/v1/reviews/${reviewId}/artifacts?batch_id=gone-1`,
      })
    ).json() as { items: { url: string }[] };
    expect((await fetch(list.items[0]!.url)).status).toBe(404);
  });

  it('leaves no object behind when an upload is refused mid-stream for its size', async () => {
    const before = await keysInBucket();
    const response = await uploadText(Readable.from([Buffer.alloc(3 * 1024 * 1024, 'a\n')]), 'too-big');
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
    expect(await keysInBucket()).toEqual(before);
  });

  it('sweeps objects without a row once older than the grace period', async () => {
    const uploaded = await uploadText('referenced', 'kept-1');
    const { id } = uploaded.json() as { id: string };
    const orphanKey = `${reviewId}/6f9619ff-8b86-4011-b42d-00c04fc964ff`;
    await store.put(orphanKey, 'left by a crash', 'text/plain');
    let orphanWritten = 0;
    for await (const object of store.list()) if (object.key === orphanKey) orphanWritten = object.modifiedAt.getTime();

    const clock = new ManualClock();
    clock.advance(orphanWritten + ORPHAN_GRACE_MS - 1_000);
    expect((await sweepOrphanFiles(ctx.database.db, store, { now: () => clock.now() })).deleted).toBe(0);
    clock.advance(2_000);
    expect((await sweepOrphanFiles(ctx.database.db, store, { now: () => clock.now() })).deleted).toBe(1);
    const keys = await keysInBucket();
    expect(keys).not.toContain(orphanKey);
    expect(keys).toContain(`${reviewId}/${id}`);
  });
});
