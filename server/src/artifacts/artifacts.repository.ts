import { sql, type Selection } from 'kysely';
import type { Db } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { scopedOrgIds, type OrgScope } from '../auth/org-scope.ts';

export interface ArtifactRow {
  id: string;
  reviewId: number;
  orgId: number;
  kind: string;
  batchId: string | null;
  contentType: string;
  sizeBytes: number;
  storageKey: string;
  previewHead: string;
  previewTail: string;
  createdAt: Date;
}

const columns = [
  'id',
  'review_id',
  'org_id',
  'kind',
  'batch_id',
  'content_type',
  'size_bytes',
  'storage_key',
  'preview_head',
  'preview_tail',
  'created_at',
] as const;

type ArtifactSelection = Selection<DB, 'artifacts', (typeof columns)[number]>;

function toRow(row: ArtifactSelection): ArtifactRow {
  return {
    id: row.id,
    reviewId: row.review_id,
    orgId: row.org_id,
    kind: row.kind,
    batchId: row.batch_id,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    storageKey: row.storage_key,
    previewHead: row.preview_head,
    previewTail: row.preview_tail,
    createdAt: row.created_at,
  };
}

/** The artifacts of one review (artifacts_review_idx). */
export async function listArtifacts(
  db: Db,
  scope: OrgScope,
  reviewId: number,
  filter: { kinds?: string[]; batchIds?: string[] },
): Promise<ArtifactRow[]> {
  let query = db.selectFrom('artifacts').select(columns).where('review_id', '=', reviewId);
  if (scope.kind === 'orgs') query = query.where('org_id', 'in', scopedOrgIds(scope));
  if (filter.kinds?.length) query = query.where('kind', 'in', filter.kinds);
  if (filter.batchIds?.length) query = query.where('batch_id', 'in', filter.batchIds);
  return (await query.orderBy('created_at').orderBy('id').execute()).map(toRow);
}

export async function findArtifact(db: Db, scope: OrgScope, artifactId: string): Promise<ArtifactRow | undefined> {
  let query = db.selectFrom('artifacts').select(columns).where('id', '=', artifactId);
  if (scope.kind === 'orgs') query = query.where('org_id', 'in', scopedOrgIds(scope));
  const row = await query.executeTakeFirst();
  return row && toRow(row);
}

/** Where an artifact of this review is stored, if it is one of the review's. */
export async function findStorageKey(
  db: Db,
  scope: OrgScope,
  reviewId: number,
  artifactId: string,
): Promise<string | undefined> {
  const artifact = await findArtifact(db, scope, artifactId);
  return artifact?.reviewId === reviewId ? artifact.storageKey : undefined;
}

/** A row to insert: the database sets `created_at`. */
export type NewArtifact = Omit<ArtifactRow, 'createdAt'>;

/** Records a stored artifact; returns when the row says it was created. */
export async function insertArtifact(db: Db, artifact: NewArtifact): Promise<Date> {
  const row = await db
    .insertInto('artifacts')
    .values({
      id: artifact.id,
      review_id: artifact.reviewId,
      org_id: artifact.orgId,
      kind: artifact.kind,
      batch_id: artifact.batchId,
      content_type: artifact.contentType,
      size_bytes: artifact.sizeBytes,
      storage_key: artifact.storageKey,
      preview_head: artifact.previewHead,
      preview_tail: artifact.previewTail,
    })
    .returning('created_at')
    .executeTakeFirstOrThrow();
  return row.created_at;
}

export async function deleteArtifact(db: Db, artifactId: string): Promise<void> {
  await db.deleteFrom('artifacts').where('id', '=', artifactId).execute();
}

/** Bytes of artifacts an org stores now: a SUM through artifacts_org_created_idx (org_id first). */
export async function orgArtifactBytes(db: Db, orgId: number): Promise<number> {
  const row = await db
    .selectFrom('artifacts')
    .select(sql<string>`coalesce(sum(size_bytes), 0)`.as('used'))
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return Number(row.used);
}

/** Of these artifact ids (the primary key), the storage keys of those that still have a row. */
export async function storageKeysOf(db: Db, artifactIds: string[]): Promise<string[]> {
  if (artifactIds.length === 0) return [];
  const rows = await db.selectFrom('artifacts').select('storage_key').where('id', 'in', artifactIds).execute();
  return rows.map((row) => row.storage_key);
}

/**
 * Deletes up to `batchSize` of the org's artifact rows older than `days` (artifacts_org_created_idx)
 * and returns their storage keys, so the files can go after their rows.
 */
export async function deleteArtifactsOlderThan(
  db: Db,
  orgId: number,
  days: number,
  batchSize: number,
): Promise<string[]> {
  const cutoff = sql<Date>`now() - ${days} * interval '1 day'`;
  const rows = await db
    .deleteFrom('artifacts')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('artifacts')
        .select('id')
        .where('org_id', '=', orgId)
        .where('created_at', '<', cutoff)
        .limit(batchSize),
    )
    .returning('storage_key')
    .execute();
  return rows.map((row) => row.storage_key);
}
