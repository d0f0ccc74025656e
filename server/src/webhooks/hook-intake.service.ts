import type { DeliveryDecision, HookReceipt } from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import { notFound, unauthorized } from '../http/errors.ts';
import { notify } from '../events/event-store.ts';
import { findLatestSuccessOfPullRequest, insertReview } from '../reviews/reviews.repository.ts';
import { parsePullRequestUrl } from '../connectors/git/pull-request-url.ts';
import type { SecretBox } from '../settings/secret-box.ts';
import * as repo from './git-webhooks.repository.ts';
import { boundedExcerpt, headerValue, type DeliveryReading, type PullRequestChange } from './delivery-reading.ts';
import { readGitHubDelivery } from './github-delivery.ts';
import { readGitLabDelivery } from './gitlab-delivery.ts';
import { githubSignatureOk, gitlabTokenOk } from './signatures.ts';
import { lockActiveReview, releaseActive, supersede } from './supersede.ts';

export type HookProvider = 'github' | 'gitlab';

/** What a receiver hands over: the body exactly as it arrived (signatures are over these bytes). */
export interface IncomingDelivery {
  rawBody: Buffer;
  contentType: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

const headerNames = {
  github: { event: 'x-github-event', delivery: 'x-github-delivery' },
  gitlab: { event: 'x-gitlab-event', delivery: 'x-gitlab-event-uuid' },
} as const;

interface Decision {
  decision: DeliveryDecision;
  reason: string;
  review?: PullRequestChange;
}

/**
 * The receivers' work, all inside the request and without calling the provider (GitHub wants an
 * answer within 10 s; we answer in milliseconds): find the webhook, check the signature, read the
 * delivery, decide, and record the decision, with the review it queues, in one transaction. The
 * built-in engine's worker picks the review up like any other. A push to a PR whose webhook review
 * is still queued or running supersedes it in that same transaction (./supersede.ts).
 */
export class HookIntake {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  async receive(provider: HookProvider, webhookId: number, incoming: IncomingDelivery): Promise<HookReceipt> {
    const webhook = await repo.findWebhookForDelivery(this.db, provider, webhookId);
    if (!webhook) throw notFound(`No ${provider} webhook ${webhookId}`);
    const names = headerNames[provider];
    const event = headerValue(incoming.headers[names.event], 100);
    const deliveryId = headerValue(incoming.headers[names.delivery]);
    const rawBody = incoming.rawBody.toString('utf8');

    const signature = await this.checkSignature(provider, webhook.secret, rawBody, incoming.headers);
    if (signature !== 'ok') {
      // Recorded for the owner's "why didn't it review?", with nothing the sender wrote but two headers.
      const reason = `rejected: ${signature} signature`;
      await repo.insertDeliveryRow(this.db, {
        ...emptyDelivery(webhook, deliveryId, event),
        signatureOk: false,
        decision: 'rejected',
        reason,
      });
      // Anyone who knows the URL can send these: keep only the newest few per webhook.
      await repo.capRejectedDeliveries(this.db, webhook.id);
      throw unauthorized(
        provider === 'github'
          ? `${signature === 'missing' ? 'Missing' : 'Bad'} X-Hub-Signature-256: check the webhook secret`
          : `${signature === 'missing' ? 'Missing' : 'Bad'} X-Gitlab-Token: check the webhook secret token`,
      );
    }

    const reading = readDelivery(provider, event, payloadOf(rawBody, incoming.contentType));
    const decision = await this.unlessAlreadyReviewed(webhook.org_id, decide(webhook, reading));
    const recorded = await this.db.transaction().execute(async (trx) => {
      const id = await repo.insertDeliveryRow(trx, {
        webhookId: webhook.id,
        orgId: webhook.org_id,
        deliveryId,
        event: reading.event,
        action: reading.action,
        repository: reading.repository,
        number: reading.number,
        headSha: reading.headSha,
        signatureOk: true,
        decision: decision.decision,
        reason: decision.reason,
        payloadExcerpt: boundedExcerpt(reading.excerpt),
      });
      if (id === undefined) return undefined; // a redelivery: answered below with the first decision
      if (!decision.review) return { status: decision.decision, reason: decision.reason, reviewId: null };
      const now = new Date();
      const active = await lockActiveReview(trx, webhook.org_id, decision.review.url);
      if (active) await releaseActive(trx, active, now);
      const reviewId = await insertReview(trx, {
        orgId: webhook.org_id,
        engine: 'builtin',
        status: 'created',
        prMrUrl: decision.review.url,
        title: decision.review.title,
        repository: decision.review.repository,
        branch: decision.review.branch,
        commitHash: decision.review.headSha,
        gitProvider: decision.review.provider,
        connectorId: webhook.connector_id,
        triggerType: 'webhook',
        userEmail: null,
        createdBy: null,
        retryOf: null,
        metadata: { webhook: { id: webhook.id, deliveryRowId: id, deliveryId, event: reading.event } },
      });
      if (active) await supersede(trx, webhook.org_id, active, reviewId, now);
      const reason = `queued review #${reviewId}${active ? `, superseded #${active.id}` : ''}`;
      await repo.linkDeliveryToReview(trx, id, reviewId, reason);
      await notify(trx, { reviewId, orgId: webhook.org_id, seq: 0 });
      return { status: decision.decision, reason, reviewId };
    });
    if (recorded) return { ...recorded, duplicate: false };

    const first = await repo.findVerifiedDelivery(this.db, webhook.id, deliveryId!);
    if (!first) throw new Error(`Delivery ${deliveryId} conflicted but is not recorded`);
    // Logged too, so "I pressed Redeliver and nothing happened" has its answer in the delivery log.
    await repo.insertDeliveryRow(this.db, {
      ...emptyDelivery(webhook, deliveryId, reading.event),
      action: reading.action,
      repository: reading.repository,
      number: reading.number,
      headSha: reading.headSha,
      signatureOk: true,
      decision: 'ignored',
      reason: `ignored: redelivery, already handled (${first.reason})`,
      redelivery: true,
    });
    return {
      status: first.decision as DeliveryDecision,
      reason: first.reason,
      reviewId: first.review_id,
      duplicate: true,
    };
  }

  /**
   * A head that a review of this PR already reviewed successfully is not reviewed again (a
   * redelivery under a new id, a reopen without new commits): one indexed read, no provider call.
   */
  private async unlessAlreadyReviewed(orgId: number, decision: Decision): Promise<Decision> {
    if (!decision.review) return decision;
    const { url, headSha } = decision.review;
    const done = await findLatestSuccessOfPullRequest(this.db, orgId, url, { headSha });
    return done ? { decision: 'skipped', reason: `skipped: same head already reviewed (#${done.id})` } : decision;
  }

  private async checkSignature(
    provider: HookProvider,
    sealedSecret: string,
    rawBody: string,
    headers: IncomingDelivery['headers'],
  ): Promise<'ok' | 'missing' | 'bad'> {
    const header = headerValue(headers[provider === 'github' ? 'x-hub-signature-256' : 'x-gitlab-token'], 1000);
    if (header === null) return 'missing';
    const secret = this.secrets.open(sealedSecret);
    const ok = provider === 'github' ? await githubSignatureOk(secret, rawBody, header) : gitlabTokenOk(secret, header);
    return ok ? 'ok' : 'bad';
  }
}

function emptyDelivery(webhook: repo.WebhookRow, deliveryId: string | null, event: string | null) {
  return {
    webhookId: webhook.id,
    orgId: webhook.org_id,
    deliveryId,
    event,
    action: null,
    repository: null,
    number: null,
    headSha: null,
    payloadExcerpt: null,
  };
}

/** JSON, or GitHub's `application/x-www-form-urlencoded` with the JSON in `payload`; undefined when neither. */
function payloadOf(rawBody: string, contentType: string | undefined): unknown {
  const text = contentType?.startsWith('application/x-www-form-urlencoded')
    ? new URLSearchParams(rawBody).get('payload')
    : rawBody;
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function readDelivery(provider: HookProvider, event: string | null, payload: unknown): DeliveryReading {
  if (event === null) {
    const reason = 'ignored: no event header';
    return {
      event: '',
      action: null,
      repository: null,
      number: null,
      headSha: null,
      excerpt: null,
      verdict: { kind: 'ignore', reason },
    };
  }
  return provider === 'github' ? readGitHubDelivery(event, payload) : readGitLabDelivery(event, payload);
}

/** The webhook's settings applied to what the delivery asks for, in the order the delivery log explains. */
function decide(webhook: repo.WebhookRow, reading: DeliveryReading): Decision {
  const verdict = reading.verdict;
  switch (verdict.kind) {
    case 'ping':
      return { decision: 'ignored', reason: 'ping: signature verified, webhook ready' };
    case 'ignore':
      return { decision: 'ignored', reason: verdict.reason };
    case 'skip':
      return { decision: 'skipped', reason: verdict.reason };
    case 'review':
      break;
  }
  const change = verdict.pullRequest;
  if (!webhook.enabled) return { decision: 'skipped', reason: 'skipped: webhook disabled' };
  if (webhook.skip_drafts && change.draft) return { decision: 'skipped', reason: 'skipped: draft' };
  const wanted = webhook.repositories.map((name) => name.toLowerCase());
  if (wanted.length > 0 && !wanted.includes(change.repository.toLowerCase())) {
    return { decision: 'skipped', reason: 'skipped: repository not in filter' };
  }
  try {
    parsePullRequestUrl(change.url);
  } catch {
    return { decision: 'skipped', reason: 'skipped: pull request URL not supported' };
  }
  // The reason is completed with the review's id once it is inserted.
  return { decision: 'queued', reason: 'queued', review: change };
}
