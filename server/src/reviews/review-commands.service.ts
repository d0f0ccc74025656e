import {
  canCancel,
  canRetry,
  toApiStatus,
  type CreateReview,
  type RetryBody,
  type ReviewSummary,
} from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import { readScope, type AuthContext } from '../auth/auth.service.ts';
import { scopeToOrg } from '../auth/org-scope.ts';
import { badRequest, conflict } from '../http/errors.ts';
import { appendEvents, notify } from '../events/event-store.ts';
import { redactText } from '../lib/redactor.ts';
import type { ArtifactRecorder } from '../artifacts/artifact-recorder.ts';
import type { GitToken, PullRequestRef } from '../connectors/git/git-types.ts';
import type { SecretBox } from '../settings/secret-box.ts';
import { openGitTokens } from '../settings/secrets.ts';
import {
  connectorExists,
  findRetryByKey,
  findReview,
  insertReview,
  markCancelRequested,
  setReviewMetadata,
  type NewReview,
} from './reviews.repository.ts';
import { toReviewSummary } from './review-summary.ts';
import { reviewGate, writeReviews } from './review-access.ts';
import { requireAllowed } from '../auth/access.ts';

/** How PR/MR URLs are understood and matched to the org's git tokens (connectors/git). */
export interface GitUrlRules {
  parse(url: string): PullRequestRef;
  chooseToken(ref: PullRequestRef, tokens: GitToken[]): GitToken | undefined;
}

/**
 * Reviews for the built-in engine, and the commands that change a review's course: cancel and
 * retry. What can be known at creation (an unsupported URL, no token for that host, a connector of
 * another org) is a 400 then, not a failed review later.
 */
export class ReviewCommands {
  constructor(
    private readonly db: Db,
    private readonly artifacts: ArtifactRecorder,
    private readonly git: GitUrlRules,
    private readonly secrets: SecretBox,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private readonly review = reviewGate(() => this.db);

  async createForEngine(auth: AuthContext, body: CreateReview): Promise<ReviewSummary> {
    requireAllowed(auth, writeReviews('create reviews'));
    const connectorId = body.connectorId!;
    if (!(await connectorExists(this.db, auth.orgId, connectorId))) {
      throw badRequest('Unknown connector', [
        { field: 'body.connectorId', message: `no connector ${connectorId} in this org` },
      ]);
    }
    const base: NewReview = {
      orgId: auth.orgId,
      engine: 'builtin',
      status: 'created',
      prMrUrl: null,
      title: body.title ?? null,
      repository: body.repository ?? null,
      branch: body.branch ?? null,
      commitHash: body.commitHash ?? null,
      gitProvider: body.gitProvider ?? null,
      connectorId,
      triggerType: 'manual',
      userEmail: auth.email,
      createdBy: auth.userId,
      retryOf: null,
      metadata: body.metadata ?? {},
    };
    if (body.prMrUrl) {
      const ref = await this.checkPullRequest(auth.orgId, body.prMrUrl);
      return this.insert(
        { ...base, prMrUrl: body.prMrUrl, repository: base.repository ?? ref.repository, gitProvider: ref.provider },
        undefined,
      );
    }
    return this.insert({ ...base, title: base.title ?? 'Pasted diff', triggerType: 'cli_diff' }, body.diff!);
  }

  /** Queued: canceled at once. Running: the worker is told and stops within a tick (≤ 5 s). */
  async cancel(auth: AuthContext, reviewId: number): Promise<ReviewSummary> {
    const review = await this.review(auth, reviewId, writeReviews('cancel reviews'));
    const status = toApiStatus(review.status);
    if (!canCancel(status))
      throw conflict(`Review ${reviewId} is ${status}; only queued or running reviews can be canceled`);

    await markCancelRequested(this.db, reviewId, this.now());
    const ref = { id: review.id, orgId: review.orgId };
    const summary = `Canceled by ${auth.email}${status === 'queued' ? ' before it started' : ''}`;
    if (status === 'queued' || review.engine === 'external') {
      // No worker holds it (queued: claims skip cancel requests; external: nobody here runs it),
      // so it ends now. The status guard, checked under the row lock, makes a double click harmless.
      await appendEvents(
        this.db,
        ref,
        canceledEvents(this.now(), summary),
        status === 'queued' ? 'created' : 'in_progress',
      );
    } else {
      await notify(this.db, { reviewId, orgId: review.orgId, seq: review.lastSeq, cancel: true });
    }
    return toReviewSummary((await findReview(this.db, readScope(auth), reviewId))!, this.now());
  }

  /**
   * A new review with the same inputs, linked by retry_of. The same Idempotency-Key returns the same
   * new review (a double click or a retried request never queues two). `only: "failed_batches"`
   * (a partial review) re-runs its failed batches and carries the rest over (engine/retry).
   */
  async retry(
    auth: AuthContext,
    reviewId: number,
    idempotencyKey: string | undefined,
    body: RetryBody = undefined,
  ): Promise<ReviewSummary> {
    const original = await this.review(auth, reviewId, writeReviews('retry reviews'));
    if (idempotencyKey) {
      const existing = await findRetryByKey(this.db, readScope(auth), reviewId, idempotencyKey);
      if (existing !== undefined)
        return toReviewSummary((await findReview(this.db, readScope(auth), existing))!, this.now());
    }
    const status = toApiStatus(original.status);
    const onlyFailed = body?.only === 'failed_batches';
    if (onlyFailed && status === 'success' && original.outcome === 'partial' && !original.failedBatches?.length)
      throw conflict(
        `Review ${reviewId} does not record which batches failed (it finished before outcomes were stored); retry it without "only"`,
      );
    if (onlyFailed && !(status === 'success' && original.outcome === 'partial'))
      throw conflict(
        `Review ${reviewId} is ${original.outcome ?? status}; only a partial review's failed batches can be retried (retry without "only" to run it all again)`,
      );
    if (!onlyFailed && !canRetry(status))
      throw conflict(`Review ${reviewId} is ${status}; only failed or canceled reviews can be retried`);
    if (original.engine !== 'builtin')
      throw conflict(`Review ${reviewId} was run by an external engine; retry it there`);

    const diffArtifactId = (original.metadata['diffArtifactId'] as string | undefined) ?? undefined;
    const diff = diffArtifactId ? await this.artifacts.readText(readScope(auth), reviewId, diffArtifactId) : undefined;
    // A retry of a retry of failed batches is measured against its own original, never an older one.
    const { diffArtifactId: _old, partialRetry: _earlier, ...kept } = original.metadata;
    const metadata = onlyFailed
      ? {
          ...kept,
          partialRetry: { of: reviewId, failedBatches: original.failedBatches, headSha: original.commitHash },
        }
      : kept;
    const retried = this.insert(
      {
        orgId: original.orgId,
        engine: 'builtin',
        status: 'created',
        prMrUrl: original.prMrUrl,
        title: original.title,
        repository: original.repository,
        branch: original.branch,
        commitHash: original.commitHash,
        gitProvider: original.gitProvider,
        connectorId: original.connectorId,
        triggerType: 'retry',
        userEmail: auth.email,
        createdBy: auth.userId,
        retryOf: reviewId,
        metadata,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      },
      diff,
    );
    try {
      return await retried;
    } catch (error) {
      // Two requests with the same key raced: the unique index let one in; answer with that one.
      if ((error as { code?: string }).code === '23505' && idempotencyKey)
        return this.retry(auth, reviewId, idempotencyKey, body);
      throw error;
    }
  }

  private async checkPullRequest(orgId: number, url: string): Promise<PullRequestRef> {
    let ref: PullRequestRef;
    try {
      ref = this.git.parse(url);
    } catch (error) {
      throw badRequest('Unsupported PR/MR URL', [
        { field: 'body.prMrUrl', message: error instanceof Error ? error.message : 'unsupported URL' },
      ]);
    }
    const tokens = await openGitTokens(this.db, this.secrets, orgId);
    if (!this.git.chooseToken(ref, tokens)) {
      throw badRequest(`No ${ref.provider} token for ${ref.host}`, [
        { field: 'body.prMrUrl', message: `add a ${ref.provider} token for ${ref.host} in Settings → Git tokens` },
      ]);
    }
    return ref;
  }

  /** The review row, and its diff as an artifact, in one transaction: nothing half-written. */
  private async insert(review: NewReview, diff: string | undefined): Promise<ReviewSummary> {
    const id = await this.db.transaction().execute(async (trx) => {
      const reviewId = await insertReview(trx, review);
      if (diff !== undefined) {
        const artifact = await this.artifacts.record(
          { id: reviewId, orgId: review.orgId },
          'diff',
          redactText(diff),
          undefined,
          trx,
        );
        await setReviewMetadata(trx, reviewId, { ...review.metadata, diffArtifactId: artifact.artifactId });
      }
      await notify(trx, { reviewId, orgId: review.orgId, seq: 0 });
      return reviewId;
    });
    return toReviewSummary((await findReview(this.db, scopeToOrg(review.orgId), id))!, this.now());
  }
}

/** The completion and status a cancel ends with; shared with a webhook push superseding a queued review. */
export function canceledEvents(ts: Date, summary: string) {
  return [
    {
      eventId: null,
      ts,
      type: 'completion',
      level: 'info',
      batchId: null,
      data: { resultSummary: summary, commentCount: 0, errorSummary: summary, errorCategory: 'canceled', tips: [] },
    },
    {
      eventId: null,
      ts,
      type: 'status',
      level: 'info',
      batchId: null,
      data: { status: 'canceled', finishedAt: ts.toISOString() },
    },
  ] satisfies Parameters<typeof appendEvents>[2];
}
