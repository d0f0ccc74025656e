import type { Db } from '../db/database.ts';
import type { ArtifactStore, StoredObject } from './artifact-store.ts';
import { storageKeysOf } from './artifacts.repository.ts';

/**
 * How old a file without a row must be before it is swept. An upload's row is written right after
 * its file is complete (and a file still being written keeps a fresh modification time), so an
 * hour is far more than any in-flight upload needs while still cleaning up within the day.
 */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;
const BATCH = 500;

export interface SweepResult {
  scanned: number;
  deleted: number;
}

/**
 * Deletes stored artifact files that no row points at: left by a cascade (a review deleted by an
 * operator or by retention), a retention run whose file delete failed, a crash between a write
 * and its row, or a transaction that rolled back. Only files older than `graceMs` by the injected
 * clock are touched, so an upload in flight is never swept. Runs where retention runs.
 */
export async function sweepOrphanFiles(
  db: Db,
  store: ArtifactStore,
  options: { now: () => number; graceMs?: number; onFileError?: (key: string, error: unknown) => void },
): Promise<SweepResult> {
  const olderThan = options.now() - (options.graceMs ?? ORPHAN_GRACE_MS);
  const result: SweepResult = { scanned: 0, deleted: 0 };
  let batch: StoredObject[] = [];
  const flush = async () => {
    const orphans = await withoutRows(db, batch);
    for (const key of orphans) {
      try {
        await store.delete(key);
        result.deleted++;
      } catch (error) {
        options.onFileError?.(key, error);
      }
    }
    batch = [];
  };
  for await (const object of store.list()) {
    result.scanned++;
    if (object.modifiedAt.getTime() >= olderThan) continue;
    batch.push(object);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return result;
}

/** Keys among `objects` with no artifact row (looked up by id, the key's second part: the primary key). */
async function withoutRows(db: Db, objects: StoredObject[]): Promise<string[]> {
  const keys = [...new Set(objects.map((object) => object.key))];
  const kept = new Set(
    await storageKeysOf(
      db,
      keys.map((key) => key.split('/')[1]!),
    ),
  );
  return keys.filter((key) => !kept.has(key));
}
