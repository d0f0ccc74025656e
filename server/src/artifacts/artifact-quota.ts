import type { Db } from '../db/database.ts';
import { HttpError } from '../http/errors.ts';
import { formatBytes } from './upload-body.ts';
import { orgArtifactBytes } from './artifacts.repository.ts';

export const DEFAULT_ARTIFACT_QUOTA_BYTES = 5 * 1024 ** 3;

/** "Artifact storage quota exceeded: 5.0 GiB used of 5.0 GiB for this org", and why this upload does not fit. */
export function quotaExceeded(usedBytes: number, quotaBytes: number, detail?: string): HttpError {
  return new HttpError(
    413,
    'payload_too_large',
    `Artifact storage quota exceeded: ${formatBytes(usedBytes)} used of ${formatBytes(quotaBytes)} for this org` +
      (detail ? `; ${detail}` : ''),
  );
}

export function uploadTooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'payload_too_large', `An artifact upload may be at most ${formatBytes(maxBytes)}`);
}

/**
 * The per-org storage quota (ARTIFACT_QUOTA_BYTES), for uploads. Checked three times: before a
 * byte is read (full, or a declared Content-Length that cannot fit), while streaming (the body is
 * cut off at what is left), and once more from the stored size right before the row is written.
 * None of these takes a lock (uploads of other orgs, and of this one, never wait on each other):
 * an upload whose last check runs while another's row is not yet committed does not count it, so
 * concurrent uploads may overshoot the quota by at most one upload (the racing one, itself capped
 * at what was left); every later upload is then refused until retention or deletions make room.
 */
export class ArtifactQuota {
  constructor(
    private readonly db: Db,
    readonly quotaBytes: number,
  ) {}

  /** What an upload may still store; throws 413 when nothing, or not `declaredBytes`, fits. */
  async allowance(orgId: number, declaredBytes: number | undefined): Promise<{ usedBytes: number; leftBytes: number }> {
    const usedBytes = await orgArtifactBytes(this.db, orgId);
    const leftBytes = this.quotaBytes - usedBytes;
    if (leftBytes <= 0) throw quotaExceeded(usedBytes, this.quotaBytes);
    if (declaredBytes !== undefined && declaredBytes > leftBytes)
      throw quotaExceeded(usedBytes, this.quotaBytes, `this upload (${formatBytes(declaredBytes)}) does not fit`);
    return { usedBytes, leftBytes };
  }

  /** For an upload cut off mid-stream: it grew past what was left. */
  exceeded(usedBytes: number): HttpError {
    const left = formatBytes(this.quotaBytes - usedBytes);
    return quotaExceeded(usedBytes, this.quotaBytes, `this upload is larger than the ${left} left`);
  }

  /** The last check, with the size as stored (redaction may change it a little). */
  async admit(db: Db, orgId: number, sizeBytes: number): Promise<void> {
    const usedBytes = await orgArtifactBytes(db, orgId);
    if (usedBytes + sizeBytes > this.quotaBytes)
      throw quotaExceeded(usedBytes, this.quotaBytes, `this upload (${formatBytes(sizeBytes)}) does not fit`);
  }
}
