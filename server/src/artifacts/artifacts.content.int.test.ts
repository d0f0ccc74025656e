import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allOrgsScope } from '../auth/org-scope.ts';
import { ArtifactRecorder } from './artifact-recorder.ts';
import { FsArtifactStore } from './fs-artifact-store.ts';
import { makeOrg, makeReview, makeUser, type TestUser } from '../testing/factories.ts';
import { request, startTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

interface Item {
  id: string;
  contentType: string;
  sizeBytes: number;
  previewHead: string;
  previewTail: string;
  url: string;
}

describe(`artifact content: gone files and binary uploads, on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let owner: TestUser;
  let reviewId: number;
  const secret = 'Authorization: Bearer sk-proj-AbCdEfGhIjKlMnOpQrStUvWx12';
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rt-artifact-content-'));

  beforeAll(async () => {
    ctx = await startTestApp({ dataDir });
    const orgId = await makeOrg(ctx.database.db);
    owner = await makeUser(ctx.database.db, orgId, 'owner');
    reviewId = await makeReview(ctx.database.db, orgId, { status: 'in_progress' });
  });
  afterAll(() => ctx.close());

  const upload = async (payload: string | Buffer, contentType: string, batchId: string) => {
    const response = await request(ctx.app, owner.token, {
      method: 'PUT',
      url: `/api/v1/reviews/${reviewId}/artifacts/response?batch_id=${batchId}`,
      payload,
      headers: { 'content-type': contentType },
    });
    expect(response.statusCode).toBe(201);
    return response.json() as Omit<Item, 'url'>;
  };
  const listed = async (batchId: string) => {
    const response = await request(ctx.app, owner.token, {
      method: 'GET',
      url: `/api/v1/reviews/${reviewId}/artifacts?batch_id=${batchId}`,
    });
    return (response.json() as { items: Item[] }).items[0]!;
  };
  const download = async (batchId: string) => ctx.app.inject({ method: 'GET', url: (await listed(batchId)).url });
  /** Uploads `body` and checks it is kept as binary: `storedType`, its size, no previews, its exact bytes back. */
  const uploadBinary = async (body: Buffer, declaredType: string, batchId: string, storedType: string) => {
    const created = await upload(body, declaredType, batchId);
    expect(created).toMatchObject({
      contentType: storedType,
      sizeBytes: body.length,
      previewHead: '',
      previewTail: '',
    });
    const response = await download(batchId);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(body)).toBe(true);
    return response;
  };

  it('answers 404 not_found, not 500, when an artifact’s file was deleted from disk', async () => {
    const created = await upload('soon gone\n', 'text/plain', 'gone-1');
    const row = await ctx.database.db
      .selectFrom('artifacts')
      .select('storage_key')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    rmSync(path.join(dataDir, 'artifacts', row.storage_key));

    const response = await download('gone-1');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: 'artifact content is gone (retention?)' } });
    // The engine re-reading an uploaded diff gets "missing", not a crash.
    const recorder = new ArtifactRecorder(ctx.database.db, new FsArtifactStore(path.join(dataDir, 'artifacts')));
    expect(await recorder.readText(allOrgsScope, reviewId, created.id)).toBeUndefined();
  });

  it('stores a "text" upload with NUL bytes as binary: octet-stream, no previews, not redacted, exact bytes', async () => {
    // Not valid UTF-8 either (0xff 0xfe): redacting it as text would have changed its bytes.
    const body = Buffer.concat([Buffer.from([0x89, 0x00, 0xff, 0xfe]), Buffer.from(` ${secret}\n`)]);
    const response = await uploadBinary(body, 'text/plain; charset=utf-8', 'bin-1', 'application/octet-stream');
    expect(response.headers['content-type']).toBe('application/octet-stream');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="review-${reviewId}-response-bin-1.bin"`,
    );
  });

  it('keeps a declared binary type as sent, with no previews, even when its NUL comes late', async () => {
    const body = Buffer.concat([Buffer.alloc(20_000, 'A'), Buffer.from([0, 1, 2, 0xff])]);
    await uploadBinary(body, 'image/png', 'bin-2', 'image/png');
  });

  it('treats text with a stray NUL past the first 8 KiB as text: redacted, the NUL shown as U+FFFD', async () => {
    const body = `${'line of text\n'.repeat(1000)}${secret}\nend\u0000\n`;
    const created = await upload(body, 'text/plain', 'late-nul');
    expect(created.contentType).toBe('text/plain');
    expect(created.previewTail).toContain('end\uFFFD\n');
    expect(created.previewTail).not.toContain('\u0000');
    const stored = (await download('late-nul')).body;
    expect(stored).toContain('[redacted]');
    expect(stored).not.toContain('sk-proj-AbCdEf');
  });
});
