import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { ArtifactStore } from './artifact-store.ts';
import { previewsOf } from './previews.ts';
import { PreviewTap } from './upload-previews.ts';
import type { Readable } from 'node:stream';

export type ArtifactKind = 'prompt' | 'response' | 'diff';

const TEXT = 'text/plain; charset=utf-8';

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
    const { sizeBytes } = await this.store.put(`${review.id}/${id}`, content, TEXT);
    const {
      createdAt: _createdAt,
      contentType: _type,
      ...recorded
    } = await this.insertRow(db, review, {
      id,
      kind,
      batchId,
      sizeBytes,
      contentType: TEXT,
      previews: previewsOf(content),
    });
    return recorded;
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
    const tap = new PreviewTap();
    const { sizeBytes } = await this.store.put(`${review.id}/${id}`, body.pipe(tap), contentType);
    return this.insertRow(this.db, review, { id, kind, batchId, sizeBytes, contentType, previews: tap.previews() });
  }

  private async insertRow(
    db: Db,
    review: { id: number; orgId: number },
    artifact: {
      id: string;
      kind: ArtifactKind;
      batchId: string | undefined;
      sizeBytes: number;
      contentType: string;
      previews: { previewHead: string; previewTail: string };
    },
  ): Promise<RecordedArtifact & { contentType: string; createdAt: Date }> {
    const { id, kind, batchId, sizeBytes, contentType, previews } = artifact;
    const row = await db
      .insertInto('artifacts')
      .values({
        id,
        review_id: review.id,
        org_id: review.orgId,
        kind,
        batch_id: batchId ?? null,
        content_type: contentType,
        size_bytes: sizeBytes,
        storage_key: `${review.id}/${id}`,
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
