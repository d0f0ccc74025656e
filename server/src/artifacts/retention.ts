import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { ArtifactStore } from './artifact-store.ts';

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
  const orgs = await db
    .selectFrom('orgs')
    .select(['id', 'event_retention_days', 'artifact_retention_days'])
    .where((eb) => eb.or([eb('event_retention_days', 'is not', null), eb('artifact_retention_days', 'is not', null)]))
    .execute();

  for (const org of orgs) {
    if (org.event_retention_days) {
      const cutoff = sql<Date>`now() - ${org.event_retention_days} * interval '1 day'`;
      for (let i = 0; i < maxBatches; i++) {
        const deleted = await db
          .deleteFrom('review_events')
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('review_events')
              .select('id')
              .where('org_id', '=', org.id)
              .where('ts', '<', cutoff)
              .limit(batchSize),
          )
          .executeTakeFirst();
        result.events += Number(deleted.numDeletedRows);
        if (Number(deleted.numDeletedRows) < batchSize) break;
      }
    }
    if (org.artifact_retention_days) {
      const cutoff = sql<Date>`now() - ${org.artifact_retention_days} * interval '1 day'`;
      for (let i = 0; i < maxBatches; i++) {
        const rows = await db
          .deleteFrom('artifacts')
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('artifacts')
              .select('id')
              .where('org_id', '=', org.id)
              .where('created_at', '<', cutoff)
              .limit(batchSize),
          )
          .returning('storage_key')
          .execute();
        for (const row of rows) {
          await store.delete(row.storage_key).catch((error: unknown) => options.onFileError?.(row.storage_key, error));
        }
        result.artifacts += rows.length;
        if (rows.length < batchSize) break;
      }
    }
  }
  return result;
}
