import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { ArtifactStore } from './artifact-store.ts';
import { previewsOf } from './previews.ts';
import { PreviewTap } from './upload-previews.ts';
import type { Readable } from 'node:stream';

export type ArtifactKind = 'prompt' | 'response' | 'diff';

export interface RecordedArtifact {
  artifactId: string;
  kind: ArtifactKind;
  batchId?: string;
  sizeBytes: number;
  previewHead: string;
  previewTail: string;
  /** The API path of the artifact's content (signed when served), never a file path. */
  url: string;
}

/** Stores an artifact's full content, records it with its previews, and returns the event payload. */
export class ArtifactRecorder {
  constructor(
    private readonly db: Db,
    private readonly store: ArtifactStore,
  ) {}

  /** `db` may be a transaction, so an artifact can be part of an all-or-nothing write. */
  async record(
    review: { id: number; orgId: number },
    kind: ArtifactKind,
    content: string,
    batchId?: string,
    db: Db = this.db,
  ): Promise<RecordedArtifact> {
    const id = randomUUID();
    const storageKey = `${review.id}/${id}`;
    const { sizeBytes } = await this.store.put(storageKey, content, 'text/plain; charset=utf-8');
    const previews = previewsOf(content);
    await db
      .insertInto('artifacts')
      .values({
        id,
        review_id: review.id,
        org_id: review.orgId,
        kind,
        batch_id: batchId ?? null,
        size_bytes: sizeBytes,
        storage_key: storageKey,
        preview_head: previews.previewHead,
        preview_tail: previews.previewTail,
      })
      .execute();
    return {
      artifactId: id,
      kind,
      ...(batchId ? { batchId } : {}),
      sizeBytes,
      ...previews,
      url: `/api/v1/artifacts/${id}/content`,
    };
  }

  /**
   * Stores an uploaded body as it streams in (external engines), with previews from its two ends.
   * The row is written only once the content is safely stored.
   */
  async recordStream(
    review: { id: number; orgId: number },
    kind: ArtifactKind,
    body: Readable,
    contentType: string,
    batchId: string | undefined,
  ): Promise<RecordedArtifact & { contentType: string; createdAt: Date }> {
    const id = randomUUID();
    const storageKey = `${review.id}/${id}`;
    const tap = new PreviewTap();
    const { sizeBytes } = await this.store.put(storageKey, body.pipe(tap), contentType);
    const previews = tap.previews();
    const row = await this.db
      .insertInto('artifacts')
      .values({
        id,
        review_id: review.id,
        org_id: review.orgId,
        kind,
        batch_id: batchId ?? null,
        content_type: contentType,
        size_bytes: sizeBytes,
        storage_key: storageKey,
        preview_head: previews.previewHead,
        preview_tail: previews.previewTail,
      })
      .returning('created_at')
      .executeTakeFirstOrThrow();
    return {
      artifactId: id,
      kind,
      ...(batchId ? { batchId } : {}),
      sizeBytes,
      ...previews,
      url: `/api/v1/artifacts/${id}/content`,
      contentType,
      createdAt: row.created_at,
    };
  }

  /** The full text of an artifact of this review (the engine re-reads an uploaded diff). */
  async readText(reviewId: number, artifactId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('artifacts')
      .select('storage_key')
      .where('id', '=', artifactId)
      .where('review_id', '=', reviewId)
      .executeTakeFirst();
    if (!row) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of await this.store.get(row.storage_key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
}
