import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { appendEventsBySql, makeOrg, makeReview } from '../testing/factories.ts';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.ts';
import { ArtifactRecorder } from './artifact-recorder.ts';
import { FsArtifactStore } from './fs-artifact-store.ts';
import { pruneExpired } from './retention.ts';

describe(`retention on ${testDatabaseKind}`, () => {
  let database: Database;
  const root = mkdtempSync(path.join(tmpdir(), 'rt-retention-'));
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('prunes only what is older than the org’s retention, in small batches, and keeps orgs without one', async () => {
    const db = database.db;
    const store = new FsArtifactStore(root);
    const recorder = new ArtifactRecorder(db, store);
    const keeping = await makeOrg(db);
    const pruning = await makeOrg(db);
    await db
      .updateTable('orgs')
      .set({ event_retention_days: 30, artifact_retention_days: 7 })
      .where('id', '=', pruning)
      .execute();
    const old = new Date(Date.now() - 40 * 86_400_000);
    for (const org of [keeping, pruning]) {
      const review = await makeReview(db, org);
      await appendEventsBySql(db, review, org, [
        ...Array.from({ length: 7 }, () => ({ type: 'log', data: { message: 'old' }, ts: old })),
        { type: 'log', data: { message: 'recent' } },
      ]);
      const artifact = await recorder.record({ id: review, orgId: org }, 'prompt', 'old prompt');
      await db.updateTable('artifacts').set({ created_at: old }).where('id', '=', artifact.artifactId).execute();
    }
    const result = await pruneExpired(db, store, { batchSize: 3 });
    expect(result).toEqual({ events: 7, artifacts: 1 });
    const remaining = await db.selectFrom('review_events').select(['org_id']).execute();
    expect(remaining.filter((r) => r.org_id === pruning)).toHaveLength(1);
    expect(remaining.filter((r) => r.org_id === keeping)).toHaveLength(8);
    const artifacts = await db.selectFrom('artifacts').select(['org_id', 'storage_key']).execute();
    expect(artifacts.map((a) => a.org_id)).toEqual([keeping]);
    expect(existsSync(path.join(root, artifacts[0]!.storage_key))).toBe(true);
  });
});
