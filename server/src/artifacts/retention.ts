import type { Db } from '../db/database.ts';
import { orgsWithRetention } from '../admin/admin.repository.ts';
import { deleteEventsOlderThan } from '../events/events.repository.ts';
import type { ArtifactStore } from './artifact-store.ts';
import { deleteArtifactsOlderThan } from './artifacts.repository.ts';

export interface PruneResult {
  events: number;
  artifacts: number;
}

/**
 * Deletes events and artifacts older than each org's retention, `batchSize` rows per statement so
 * no statement holds locks for long, until nothing is left to prune or `maxBatches` is reached
 * (the next run continues). Artifact rows go first (one DELETE … RETURNING), then their files: a
 * row never outlives its file, and a file whose delete fails (or a crash in between) is at worst
 * an orphan without a row, which the orphan sweep (orphan-sweep.ts) removes on a later run.
 */
export async function pruneExpired(
  db: Db,
  store: ArtifactStore,
  options: { batchSize?: number; maxBatches?: number; onFileError?: (key: string, error: unknown) => void } = {},
): Promise<PruneResult> {
  const batchSize = options.batchSize ?? 5_000;
  const maxBatches = options.maxBatches ?? 100;
  const result: PruneResult = { events: 0, artifacts: 0 };
  for (const org of await orgsWithRetention(db)) {
    if (org.eventRetentionDays) {
      for (let i = 0; i < maxBatches; i++) {
        const deleted = await deleteEventsOlderThan(db, org.id, org.eventRetentionDays, batchSize);
        result.events += deleted;
        if (deleted < batchSize) break;
      }
    }
    if (org.artifactRetentionDays) {
      for (let i = 0; i < maxBatches; i++) {
        const keys = await deleteArtifactsOlderThan(db, org.id, org.artifactRetentionDays, batchSize);
        for (const key of keys) {
          await store.delete(key).catch((error: unknown) => options.onFileError?.(key, error));
        }
        result.artifacts += keys.length;
        if (keys.length < batchSize) break;
      }
    }
  }
  return result;
}
