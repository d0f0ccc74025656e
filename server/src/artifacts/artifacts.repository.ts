import type { Db } from '../db/database.ts';

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

function toRow(row: {
  id: string;
  review_id: number;
  org_id: number;
  kind: string;
  batch_id: string | null;
  content_type: string;
  size_bytes: number;
  storage_key: string;
  preview_head: string;
  preview_tail: string;
  created_at: Date;
}): ArtifactRow {
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

/** The artifacts of one review (artifacts_review_idx); the caller has already checked the review's org. */
export async function listArtifacts(
  db: Db,
  reviewId: number,
  filter: { kinds?: string[]; batchIds?: string[] },
): Promise<ArtifactRow[]> {
  let query = db.selectFrom('artifacts').select(columns).where('review_id', '=', reviewId);
  if (filter.kinds?.length) query = query.where('kind', 'in', filter.kinds);
  if (filter.batchIds?.length) query = query.where('batch_id', 'in', filter.batchIds);
  return (await query.orderBy('created_at').orderBy('id').execute()).map(toRow);
}

export async function findArtifact(db: Db, artifactId: string): Promise<ArtifactRow | undefined> {
  const row = await db.selectFrom('artifacts').select(columns).where('id', '=', artifactId).executeTakeFirst();
  return row && toRow(row);
}
