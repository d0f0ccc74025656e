import type { Readable } from 'node:stream';
import type { ArtifactItem } from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import { can, requirePermission, type AuthContext } from '../auth/auth.service.ts';
import { forbidden } from '../http/errors.ts';
import { appendEvents } from '../events/event-store.ts';
import { RedactingStream } from '../events/redacting-stream.ts';
import type { EventsService } from '../events/events.service.ts';
import type { ArtifactStore } from './artifact-store.ts';
import type { ArtifactKind, ArtifactRecorder } from './artifact-recorder.ts';
import { findArtifact, listArtifacts, type ArtifactRow } from './artifacts.repository.ts';
import { DEFAULT_URL_TTL_SECONDS, type UrlSigner } from './url-signing.ts';

export type ArtifactListItem = ArtifactItem;

/**
 * Artifacts of a review: previews for everyone who may read the review; signed, short-lived
 * download links only for those who may view full content (owner, super_admin).
 */
export class ArtifactsService {
  constructor(
    private readonly db: Db,
    private readonly events: EventsService,
    private readonly store: ArtifactStore,
    private readonly recorder: ArtifactRecorder,
    private readonly signer: UrlSigner,
  ) {}

  async list(
    auth: AuthContext,
    reviewId: number,
    filter: { kinds?: string[]; batchIds?: string[] },
  ): Promise<ArtifactListItem[]> {
    const review = await this.events.readableReview(auth, reviewId);
    const mayViewFull = can(auth, 'artifacts:view_full');
    const rows = await listArtifacts(this.db, review.id, filter);
    const urls = mayViewFull ? await Promise.all(rows.map((row) => this.downloadUrl(row))) : [];
    return rows.map((row, index) => ({
      id: row.id,
      kind: row.kind,
      batchId: row.batchId,
      sizeBytes: row.sizeBytes,
      contentType: row.contentType,
      previewHead: row.previewHead,
      previewTail: row.previewTail,
      createdAt: row.createdAt.toISOString(),
      ...(mayViewFull ? { url: urls[index] } : {}),
    }));
  }

  /** The store's own presigned link where it has one (S3), else ours; both expire in 300 s. */
  private async downloadUrl(row: ArtifactRow): Promise<string> {
    if (this.store.presignedUrl)
      return this.store.presignedUrl(row.storageKey, DEFAULT_URL_TTL_SECONDS, downloadName(row));
    const { exp, sig } = this.signer.sign(row.id, row.orgId);
    return `/api/v1/artifacts/${row.id}/content?exp=${exp}&sig=${sig}`;
  }

  /** The signed download: no other auth; a missing, expired or tampered signature is a 403. */
  async open(
    artifactId: string,
    exp: number | undefined,
    sig: string | undefined,
  ): Promise<{ row: ArtifactRow; body: Readable }> {
    if (exp === undefined || sig === undefined) {
      throw forbidden('This link needs a signature: get a fresh one from GET /api/v1/reviews/{id}/artifacts');
    }
    const row = await findArtifact(this.db, artifactId);
    const verdict = row ? this.signer.verify(artifactId, row.orgId, exp, sig) : 'invalid';
    if (!row || verdict === 'invalid') throw forbidden('The download link is not valid');
    if (verdict === 'expired') throw forbidden('The download link has expired: get a fresh one from the review page');
    return { row, body: await this.store.get(row.storageKey) };
  }

  /** An external engine uploads an artifact (owner); its event goes into the review's log. */
  async upload(
    auth: AuthContext,
    reviewId: number,
    kind: ArtifactKind,
    batchId: string | undefined,
    body: Readable,
    contentType: string,
  ) {
    requirePermission(auth, 'events:ingest', 'upload artifacts (owner or super_admin)');
    const review = await this.events.readableReview(auth, reviewId);
    const ref = { id: review.id, orgId: review.orgId };
    // Text is redacted on its way in, secrets split across chunks included; binary stays as sent.
    const source = isText(contentType) ? body.pipe(new RedactingStream()) : body;
    const recorded = await this.recorder.recordStream(ref, kind, source, contentType, batchId);
    const { contentType: _type, createdAt, ...data } = recorded;
    await appendEvents(this.db, ref, [
      { eventId: null, ts: new Date(), type: 'artifact', level: 'info', batchId: batchId ?? null, data: { ...data } },
    ]);
    return {
      id: recorded.artifactId,
      kind,
      batchId: batchId ?? null,
      sizeBytes: recorded.sizeBytes,
      contentType,
      previewHead: recorded.previewHead,
      previewTail: recorded.previewTail,
      createdAt: createdAt.toISOString(),
    };
  }
}

function isText(contentType: string): boolean {
  return /^text\/|json|xml|x-diff|x-patch|yaml|javascript/i.test(contentType);
}

export function downloadName(row: ArtifactRow): string {
  return `review-${row.reviewId}-${row.kind}${row.batchId ? `-${row.batchId}` : ''}.txt`;
}
