import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import S3rver from 's3rver';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import type { Database } from '../db/database.ts';
import { makeOrg, makeReview, makeUser, TEST_JWT_SECRET, type TestUser } from '../testing/factories.ts';
import { request } from '../testing/test-app.ts';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.ts';
import { S3ArtifactStore } from './s3-artifact-store.ts';

describe(`S3 artifact store against a local S3-compatible server, on ${testDatabaseKind}`, () => {
  let s3: S3rver;
  let store: S3ArtifactStore;
  let database: Database;
  let app: FastifyInstance;
  let owner: TestUser;
  let member: TestUser;
  let reviewId: number;

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
    database = await openTestDatabase();
    app = await buildApp({
      database,
      jwtSecret: TEST_JWT_SECRET,
      logLevel: 'silent',
      webDist: '/nonexistent',
      artifactStore: store,
    });
    const orgId = await makeOrg(database.db);
    owner = await makeUser(database.db, orgId, 'owner');
    member = await makeUser(database.db, orgId, 'member');
    reviewId = await makeReview(database.db, orgId, { status: 'in_progress' });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    store.close();
    await s3.close();
  });

  it('streams an upload into the bucket and hands owners a presigned link that downloads it', async () => {
    const body = 'diff --git a/x b/x\n'.repeat(50_000); // ~1 MB, several stream chunks
    const uploaded = await request(app, owner.token, {
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
      await request(app, owner.token, { method: 'GET', url: `/api/v1/reviews/${reviewId}/artifacts` })
    ).json() as { items: { url: string }[] };
    const url = list.items[0]!.url;
    expect(url).toMatch(/X-Amz-Signature=/);
    expect(url).toMatch(/X-Amz-Expires=300/);
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe(body);

    const forMember = (
      await request(app, member.token, { method: 'GET', url: `/api/v1/reviews/${reviewId}/artifacts` })
    ).json() as { items: object[] };
    expect(forMember.items[0]).not.toHaveProperty('url');
  });

  it('reads, and deletes, by key', async () => {
    await store.put('1/3f2504e0-4f89-41d3-9a0c-0305e82c3301', 'hello', 'text/plain');
    const chunks: Buffer[] = [];
    for await (const chunk of await store.get('1/3f2504e0-4f89-41d3-9a0c-0305e82c3301')) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('hello');
    await store.delete('1/3f2504e0-4f89-41d3-9a0c-0305e82c3301');
    await expect(store.get('1/3f2504e0-4f89-41d3-9a0c-0305e82c3301')).rejects.toThrow();
  });
});
