import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, watch } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, makeReview, makeUser, type TestUser } from '../testing/factories.ts';
import { request, startListeningTestApp, type TestContext } from '../testing/test-app.ts';
import { testDatabaseKind } from '../testing/test-database.ts';

const KiB = 1024;

/** Every file under `root`, temporaries included. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe(`artifact uploads that are refused or fail leave no file, on ${testDatabaseKind}`, () => {
  let ctx: TestContext;
  let nextError: (error: unknown) => void = () => {};
  const artifactsDir = path.join(mkdtempSync(path.join(tmpdir(), 'rt-upload-limits-')), 'artifacts');

  beforeAll(async () => {
    ctx = await startListeningTestApp({
      dataDir: path.dirname(artifactsDir),
      artifactLimits: { maxUploadBytes: 256 * KiB, quotaBytes: 1024 * KiB },
      // Fires once the handler has failed and its cleanup has run: what the aborted upload awaits.
      configure: (app) => app.addHook('onError', async (_request, _reply, error) => nextError(error)),
    });
    mkdirSync(artifactsDir, { recursive: true });
  });
  afterAll(() => ctx.close());

  /** An owner and a review in an org of its own, so each test starts with an empty quota. */
  async function freshReview(): Promise<{ owner: TestUser; reviewId: number }> {
    const orgId = await makeOrg(ctx.database.db);
    return {
      owner: await makeUser(ctx.database.db, orgId, 'owner'),
      reviewId: await makeReview(ctx.database.db, orgId, { status: 'in_progress' }),
    };
  }
  const upload = (owner: TestUser, reviewId: number, payload: string | Readable) =>
    request(ctx.app, owner.token, {
      method: 'PUT',
      url: `/api/v1/reviews/${reviewId}/artifacts/response`,
      payload,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  /** Streamed without a Content-Length, so the limit can only be found mid-body. */
  const streamed = (bytes: number) => Readable.from([Buffer.alloc(bytes, 'a\n')]);
  const rowsOf = (reviewId: number) =>
    ctx.database.db.selectFrom('artifacts').select('storage_key').where('review_id', '=', reviewId).execute();

  it('refuses an upload over the size limit with 413, declared or found mid-stream, and keeps no file', async () => {
    const { owner, reviewId } = await freshReview();
    const before = filesUnder(artifactsDir);
    for (const payload of ['a\n'.repeat(150 * KiB), streamed(300 * KiB)]) {
      const response = await upload(owner, reviewId, payload);
      expect(response.statusCode).toBe(413);
      expect(response.json().error).toEqual({
        code: 'payload_too_large',
        message: 'An artifact upload may be at most 256.0 KiB',
      });
    }
    expect(await rowsOf(reviewId)).toEqual([]);
    expect(filesUnder(artifactsDir)).toEqual(before);
  });

  it('refuses uploads beyond the org’s quota with 413 naming the figures, and keeps no file', async () => {
    const { owner, reviewId } = await freshReview();
    for (let i = 0; i < 4; i++) expect((await upload(owner, reviewId, streamed(250 * KiB))).statusCode).toBe(201);
    const stored = filesUnder(artifactsDir);

    const declared = await upload(owner, reviewId, 'a\n'.repeat(50 * KiB));
    expect(declared.statusCode).toBe(413);
    expect(declared.json().error).toEqual({
      code: 'payload_too_large',
      message:
        'Artifact storage quota exceeded: 1000.0 KiB used of 1.0 MiB for this org; this upload (100.0 KiB) does not fit',
    });
    const midStream = await upload(owner, reviewId, streamed(100 * KiB));
    expect(midStream.statusCode).toBe(413);
    expect(midStream.json().error.message).toBe(
      'Artifact storage quota exceeded: 1000.0 KiB used of 1.0 MiB for this org; this upload is larger than the 24.0 KiB left',
    );
    expect(filesUnder(artifactsDir)).toEqual(stored);

    expect((await upload(owner, reviewId, streamed(24 * KiB))).statusCode).toBe(201);
    const full = await upload(owner, reviewId, 'x');
    expect(full.statusCode).toBe(413);
    expect(full.json().error.message).toMatch(
      /^Artifact storage quota exceeded: 1\.0 MiB used of 1\.0 MiB for this org/,
    );
    expect(await rowsOf(reviewId)).toHaveLength(5);
    expect(filesUnder(artifactsDir)).toHaveLength(stored.length + 1);

    // Other orgs have quotas of their own.
    const other = await freshReview();
    expect((await upload(other.owner, other.reviewId, 'fits')).statusCode).toBe(201);
  });

  it('keeps no file when the client hangs up mid-upload (real HTTP)', async () => {
    const { owner, reviewId } = await freshReview();
    const before = filesUnder(artifactsDir);
    const failed = new Promise<unknown>((resolve) => (nextError = resolve));
    const partialWritten = new Promise<void>((resolve) => {
      const watcher = watch(artifactsDir, { recursive: true }, (_event, name) => {
        if (name?.endsWith('.partial')) {
          watcher.close();
          resolve();
        }
      });
    });
    const { port } = ctx.app.server.address() as AddressInfo;
    const client = http.request({
      host: '127.0.0.1',
      port,
      method: 'PUT',
      path: `/api/v1/reviews/${reviewId}/artifacts/response`,
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'text/plain', 'transfer-encoding': 'chunked' },
    });
    const clientGone = once(client, 'error').catch(() => {});
    client.write(Buffer.alloc(64 * KiB, 'partial line\n'));
    await partialWritten; // the server is writing the file now
    client.destroy();
    await clientGone;

    expect(await failed).toMatchObject({ statusCode: 400, message: 'The upload ended before its body was complete' });
    expect(filesUnder(artifactsDir)).toEqual(before);
    expect(await rowsOf(reviewId)).toEqual([]);
  });
});
