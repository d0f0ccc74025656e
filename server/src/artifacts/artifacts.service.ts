import { pipeline, Readable, type Transform } from 'node:stream';
import type { ArtifactItem } from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import { requireAllowed } from '../auth/access.ts';
import type { SecretBox } from '../settings/secret-box.ts';
import { openOrgSecrets } from '../settings/secrets.ts';
import { can, readScope, type AuthContext } from '../auth/auth.service.ts';
import { allOrgsScope } from '../auth/org-scope.ts';
import { badRequest, forbidden, HttpError, notFound } from '../http/errors.ts';
import { appendEvents } from '../events/event-store.ts';
import { RedactingStream } from '../lib/redacting-stream.ts';
import type { EventsService } from '../events/events.service.ts';
import { ArtifactContentGone, type ArtifactStore } from './artifact-store.ts';
import { uploadTooLarge, type ArtifactQuota } from './artifact-quota.ts';
import { ByteLimit, classifyUpload, isTextContentType, peekHead, SNIFF_BYTES } from './upload-body.ts';
import type { ArtifactKind, ArtifactRecorder } from './artifact-recorder.ts';
import { findArtifact, listArtifacts, type ArtifactRow } from './artifacts.repository.ts';
import { DEFAULT_URL_TTL_SECONDS, type UrlSigner } from './url-signing.ts';

export type ArtifactListItem = ArtifactItem;

/** What one upload may be (the route's body limit); tests pass smaller ones. */
export const DEFAULT_MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

export const contentGone = () => notFound('artifact content is gone (retention?)');

/**
 * Artifacts of a review: previews for everyone who may read the review; signed, short-lived
 * download links for the diff to every reader, for prompts and responses only to those who may
 * view full content (owner, super_admin).
 */
export class ArtifactsService {
  constructor(
    private readonly db: Db,
    private readonly events: EventsService,
    private readonly store: ArtifactStore,
    private readonly recorder: ArtifactRecorder,
    private readonly signer: UrlSigner,
    private readonly quota: ArtifactQuota,
    private readonly secrets: SecretBox,
    private readonly maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES,
  ) {}

  async list(
    auth: AuthContext,
    reviewId: number,
    filter: { kinds?: string[]; batchIds?: string[] },
  ): Promise<ArtifactListItem[]> {
    const review = await this.events.readableReview(auth, reviewId);
    const mayViewFull = can(auth, 'artifacts:view_full');
    const rows = await listArtifacts(this.db, readScope(auth), review.id, filter);
    // The change's own diff is what the pull request shows anyone who may read the review (the
    // Files tab renders it); only prompts and responses are held back to owners.
    const linked = (row: ArtifactRow) => mayViewFull || row.kind === 'diff';
    const urls = await Promise.all(rows.map((row) => (linked(row) ? this.downloadUrl(row) : undefined)));
    return rows.map((row, index) => ({
      id: row.id,
      kind: row.kind,
      batchId: row.batchId,
      sizeBytes: row.sizeBytes,
      contentType: row.contentType,
      previewHead: row.previewHead,
      previewTail: row.previewTail,
      createdAt: row.createdAt.toISOString(),
      ...(linked(row) ? { url: urls[index] } : {}),
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
    // Any org's: the link carries no session, its signature (bound to the artifact's org) is the credential.
    const row = await findArtifact(this.db, allOrgsScope, artifactId);
    const verdict = row ? this.signer.verify(artifactId, row.orgId, exp, sig) : 'invalid';
    if (!row || verdict === 'invalid') throw forbidden('The download link is not valid');
    if (verdict === 'expired') throw forbidden('The download link has expired: get a fresh one from the review page');
    try {
      return { row, body: await this.store.get(row.storageKey) };
    } catch (error) {
      if (error instanceof ArtifactContentGone) throw contentGone();
      throw error;
    }
  }

  /**
   * An external engine uploads an artifact (owner); its event goes into the review's log. Refused
   * (413) before a byte is stored when it cannot fit the upload limit or the org's quota, and cut
   * off mid-stream when it turns out not to; whatever fails, no file is left behind.
   */
  async upload(
    auth: AuthContext,
    reviewId: number,
    kind: ArtifactKind,
    upload: { batchId: string | undefined; body: Readable; contentType: string; declaredBytes: number | undefined },
  ) {
    requireAllowed(auth, { permission: 'events:ingest', action: 'upload artifacts (owner or super_admin)' });
    const review = await this.events.readableReview(auth, reviewId);
    const ref = { id: review.id, orgId: review.orgId };
    const { batchId, body, declaredBytes } = upload;
    if (declaredBytes !== undefined && declaredBytes > this.maxUploadBytes) throw uploadTooLarge(this.maxUploadBytes);
    const { usedBytes, leftBytes } = await this.quota.allowance(review.orgId, declaredBytes);
    // An external engine's prompt or log may quote the org's own keys and tokens: mask them too.
    const orgSecrets = await openOrgSecrets(this.db, this.secrets, review.orgId);

    const recorded = await failuresAsHttp(body, async () => {
      const { head, body: rest } = await peekHead(body, SNIFF_BYTES);
      const { binary, storedType } = classifyUpload(upload.contentType, head);
      const limit =
        leftBytes < this.maxUploadBytes
          ? new ByteLimit(leftBytes, () => this.quota.exceeded(usedBytes))
          : new ByteLimit(this.maxUploadBytes, () => uploadTooLarge(this.maxUploadBytes));
      // Text is redacted on its way in, secrets split across chunks included; binary stays as sent.
      const stages: Transform[] = binary ? [limit] : [limit, new RedactingStream(orgSecrets)];
      // pipeline, not pipe: a failing stage or a client that hangs up fails the store's write.
      pipeline([Readable.from(rest, { objectMode: false }), ...stages], () => {});
      const source = stages.at(-1)!;
      return this.recorder.recordStream(ref, kind, source, storedType, batchId, {
        previews: !binary,
        admit: (sizeBytes) => this.quota.admit(this.db, review.orgId, sizeBytes),
      });
    });
    const { contentType, createdAt, ...data } = recorded;
    try {
      await appendEvents(this.db, ref, [
        { eventId: null, ts: new Date(), type: 'artifact', level: 'info', batchId: batchId ?? null, data: { ...data } },
      ]);
    } catch (error) {
      // The upload failed as far as the engine knows: take the artifact back rather than keep it unlogged.
      await this.recorder.discard(recorded.artifactId, review.id).catch(() => {});
      throw error;
    }
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

/** A client that hangs up mid-body is a client error (it will not read the answer anyway), not a 500. */
async function failuresAsHttp<T>(body: Readable, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HttpError) throw error;
    if (body.errored || (body.destroyed && !body.readableEnded))
      throw badRequest('The upload ended before its body was complete', [
        { field: 'body', message: 'the connection closed mid-upload' },
      ]);
    throw error;
  }
}

export function downloadName(row: ArtifactRow): string {
  const extension = isTextContentType(row.contentType) ? 'txt' : 'bin';
  return `review-${row.reviewId}-${row.kind}${row.batchId ? `-${row.batchId}` : ''}.${extension}`;
}
