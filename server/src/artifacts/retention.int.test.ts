import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { appendEventsBySql, makeOrg, makeReview } from '../testing/factories.ts';
import { ManualClock } from '../testing/manual-clock.ts';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.ts';
import { ArtifactRecorder } from './artifact-recorder.ts';
import { FsArtifactStore } from './fs-artifact-store.ts';
import { ORPHAN_GRACE_MS, sweepOrphanFiles } from './orphan-sweep.ts';
import { pruneExpired } from './retention.ts';

describe(`retention on ${testDatabaseKind}`, () => {
  let database: Database;
  const root = mkdtempSync(path.join(tmpdir(), 'rt-retention-'));
  const old = () => new Date(Date.now() - 40 * 86_400_000);
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  async function pruningOrg(): Promise<number> {
    const org = await makeOrg(database.db);
    await database.db
      .updateTable('orgs')
      .set({ event_retention_days: 30, artifact_retention_days: 7 })
      .where('id', '=', org)
      .execute();
    return org;
  }

  it('prunes only what is older than the org’s retention, in small batches, and keeps orgs without one', async () => {
    const db = database.db;
    const store = new FsArtifactStore(root);
    const recorder = new ArtifactRecorder(db, store);
    const keeping = await makeOrg(db);
    const pruning = await pruningOrg();
    for (const org of [keeping, pruning]) {
      const review = await makeReview(db, org);
      await appendEventsBySql(db, review, org, [
        ...Array.from({ length: 7 }, () => ({ type: 'log', data: { message: 'old' }, ts: old() })),
        { type: 'log', data: { message: 'recent' } },
      ]);
      const artifact = await recorder.record({ id: review, orgId: org }, 'prompt', 'old prompt');
      await db.updateTable('artifacts').set({ created_at: old() }).where('id', '=', artifact.artifactId).execute();
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

  it('deletes rows before files: a file that cannot be deleted is reported and never keeps its row', async () => {
    const db = database.db;
    const store = new FsArtifactStore(root);
    const recorder = new ArtifactRecorder(db, store);
    const org = await pruningOrg();
    const review = await makeReview(db, org);
    const stuck = await recorder.record({ id: review, orgId: org }, 'prompt', 'cannot be deleted');
    const deletable = await recorder.record({ id: review, orgId: org }, 'response', 'goes');
    await db.updateTable('artifacts').set({ created_at: old() }).where('review_id', '=', review).execute();
    // A directory where the file was: deleting it as a file fails, as a full disk or a lost mount would.
    const stuckPath = path.join(root, `${review}/${stuck.artifactId}`);
    rmSync(stuckPath);
    mkdirSync(stuckPath);

    const failures: string[] = [];
    const result = await pruneExpired(db, store, { onFileError: (key) => failures.push(key) });
    expect(result.artifacts).toBe(2);
    expect(failures).toEqual([`${review}/${stuck.artifactId}`]);
    expect(await db.selectFrom('artifacts').select('id').where('review_id', '=', review).execute()).toEqual([]);
    expect(existsSync(path.join(root, `${review}/${deletable.artifactId}`))).toBe(false);
  });

  it('sweeps files without a row (a deleted review’s) once older than the grace period, never fresh ones', async () => {
    const db = database.db;
    const sweptRoot = mkdtempSync(path.join(tmpdir(), 'rt-sweep-'));
    const store = new FsArtifactStore(sweptRoot);
    const recorder = new ArtifactRecorder(db, store);
    const org = await makeOrg(db);
    const kept = await makeReview(db, org);
    const deleted = await makeReview(db, org);
    const keptArtifact = await recorder.record({ id: kept, orgId: org }, 'prompt', 'still referenced');
    const orphan = await recorder.record({ id: deleted, orgId: org }, 'prompt', 'its review is gone');
    await db.deleteFrom('reviews').where('id', '=', deleted).execute(); // cascades to the row, not the file
    const orphanPath = path.join(sweptRoot, `${deleted}/${orphan.artifactId}`);
    const written = statSync(orphanPath).mtimeMs;
    // An upload still being written, 10 minutes after the orphan (a temporary without a row).
    const inFlight = path.join(sweptRoot, `${deleted}/3f2504e0-4f89-41d3-9a0c-0305e82c3301.partial`);
    writeFileSync(inFlight, 'half an upload');
    utimesSync(inFlight, new Date(written + 600_000), new Date(written + 600_000));

    const clock = new ManualClock();
    clock.advance(written + ORPHAN_GRACE_MS - 1_000);
    expect(await sweepOrphanFiles(db, store, { now: () => clock.now() })).toEqual({ scanned: 3, deleted: 0 });
    expect(existsSync(orphanPath)).toBe(true);

    clock.advance(2_000);
    expect(await sweepOrphanFiles(db, store, { now: () => clock.now() })).toEqual({ scanned: 3, deleted: 1 });
    expect(existsSync(orphanPath)).toBe(false);
    expect(existsSync(inFlight)).toBe(true);
    expect(existsSync(path.join(sweptRoot, `${kept}/${keptArtifact.artifactId}`))).toBe(true);

    clock.advance(600_000);
    expect(await sweepOrphanFiles(db, store, { now: () => clock.now() })).toEqual({ scanned: 2, deleted: 1 });
    expect(existsSync(inFlight)).toBe(false);
  });
});
