import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { OrgScope } from '../auth/org-scope.ts';
import { deleteArtifact, findStorageKey, insertArtifact } from './artifacts.repository.ts';
import { ArtifactContentGone, type ArtifactStore } from './artifact-store.ts';
import { previewsOf } from './previews.ts';
import { PreviewTap } from './upload-previews.ts';
import { pipeline, type Readable } from 'node:stream';

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
    const key = `${review.id}/${id}`;
    const { sizeBytes } = await this.store.put(key, content, TEXT);
    const {
      createdAt: _createdAt,
      contentType: _type,
      ...recorded
    } = await this.withoutFileOnFailure(key, () =>
      this.insertRow(db, review, { id, kind, batchId, sizeBytes, contentType: TEXT, previews: previewsOf(content) }),
    );
    // If `db` is a transaction that later rolls back, the file is an orphan: the sweep removes it.
    return recorded;
  }

  /**
   * Stores an uploaded body as it streams in (external engines), with previews from its two ends
   * (text only). The row is written only once the content is safely stored, after `admit` (the
   * quota) agrees; if anything fails the stored file is deleted again, so a refused upload leaves
   * nothing behind. A crash in between leaves a file without a row, which the orphan sweep removes.
   */
  async recordStream(
    review: { id: number; orgId: number },
    kind: ArtifactKind,
    body: Readable,
    contentType: string,
    batchId: string | undefined,
    options: { previews: boolean; admit?: (sizeBytes: number) => Promise<void> },
  ): Promise<RecordedArtifact & { contentType: string; createdAt: Date }> {
    const id = randomUUID();
    const key = `${review.id}/${id}`;
    const tap = options.previews ? new PreviewTap() : undefined;
    const source = tap ? pipeline(body, tap, () => {}) : body;
    const { sizeBytes } = await this.store.put(key, source, contentType);
    return this.withoutFileOnFailure(key, async () => {
      await options.admit?.(sizeBytes);
      const previews = tap?.previews() ?? { previewHead: '', previewTail: '' };
      return this.insertRow(this.db, review, { id, kind, batchId, sizeBytes, contentType, previews });
    });
  }

  /** Runs `write`; when it fails the file at `key` is deleted before the error goes on. */
  private async withoutFileOnFailure<T>(key: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      await this.store.delete(key).catch(() => {
        // Nothing more to do here: the orphan sweep removes it later.
      });
      throw error;
    }
  }

  /** Takes back an artifact whose upload failed after its row was written (e.g. its event could not be logged). */
  async discard(artifactId: string, reviewId: number): Promise<void> {
    await deleteArtifact(this.db, artifactId);
    await this.store.delete(`${reviewId}/${artifactId}`);
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
    const createdAt = await insertArtifact(db, {
      id,
      reviewId: review.id,
      orgId: review.orgId,
      kind,
      batchId: batchId ?? null,
      contentType,
      sizeBytes,
      storageKey: `${review.id}/${id}`,
      ...previews,
    });
    return {
      artifactId: id,
      kind,
      ...(batchId ? { batchId } : {}),
      sizeBytes,
      ...previews,
      url: `/api/v1/artifacts/${id}/content`,
      contentType,
      createdAt,
    };
  }

  /** The full text of an artifact of this review (the engine re-reads an uploaded diff); undefined when gone. */
  async readText(scope: OrgScope, reviewId: number, artifactId: string): Promise<string | undefined> {
    const storageKey = await findStorageKey(this.db, scope, reviewId, artifactId);
    if (storageKey === undefined) return undefined;
    const chunks: Buffer[] = [];
    let content: Readable;
    try {
      content = await this.store.get(storageKey);
    } catch (error) {
      if (error instanceof ArtifactContentGone) return undefined;
      throw error;
    }
    for await (const chunk of content) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
}
