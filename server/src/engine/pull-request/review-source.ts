import type { Db } from '../../db/database.ts';
import type { GitToken, PullRequestRef } from '../../connectors/git/git-types.ts';
import { EngineError } from '../../errors/engine-error.ts';
import type { SecretBox } from '../../settings/secret-box.ts';
import { openGitToken, openGitTokens } from '../../settings/secrets.ts';
import { findWebhookForReview } from '../../webhooks/git-webhooks.repository.ts';
import type { ReviewLogger } from '../reporting/review-logger.ts';
import type { PipelineTools } from '../pipeline-types.ts';
import type { ClaimedReview } from '../queue.repository.ts';

/** The webhook that started a review, as the engine needs it. */
export interface ReviewWebhook {
  id: number;
  /** The delivery log row that queued the review (its decision changes if nothing is left to review). */
  deliveryRowId: number | null;
  pathFilters: string[];
}

export interface ResolvedSource {
  ref: PullRequestRef;
  token: GitToken;
  /** Present for a review a webhook started and whose webhook still exists. */
  webhook?: ReviewWebhook;
}

/** `metadata.webhook` as the receivers write it (hook-intake.service.ts). */
export function webhookOf(
  review: Pick<ClaimedReview, 'metadata' | 'triggerType'>,
): { id: number; deliveryRowId: number | null } | undefined {
  // Only the receivers start webhook reviews: metadata a client sent with a manual review means nothing here.
  if (review.triggerType !== 'webhook') return undefined;
  const webhook = review.metadata['webhook'] as { id?: unknown; deliveryRowId?: unknown } | undefined;
  if (!webhook || typeof webhook.id !== 'number') return undefined;
  return { id: webhook.id, deliveryRowId: typeof webhook.deliveryRowId === 'number' ? webhook.deliveryRowId : null };
}

/**
 * Which PR/MR to read and with which token. A webhook's review uses the webhook's own token (the
 * owner chose it for that hook: another token of the same host may lack access to the repository);
 * only if the webhook or its token is gone does the review fall back to the org's token for the host.
 */
export async function resolvePullRequestSource(
  deps: { db: Db; secrets: SecretBox; tools: PipelineTools },
  review: ClaimedReview & { prMrUrl: string },
  logger: ReviewLogger,
): Promise<ResolvedSource> {
  const ref = deps.tools.parsePullRequestUrl(review.prMrUrl);
  const fromWebhook = webhookOf(review);
  if (fromWebhook) {
    const row = await findWebhookForReview(deps.db, review.orgId, fromWebhook.id);
    const token = row && (await openGitToken(deps.db, deps.secrets, review.orgId, row.integration_token_id));
    const webhook = row && { ...fromWebhook, pathFilters: row.path_filters };
    if (token) return { ref, token, ...(webhook ? { webhook } : {}) };
    logger.log(
      'warn',
      row
        ? `The token of webhook #${fromWebhook.id} was deleted; using the org's ${ref.provider} token for ${ref.host} instead`
        : `Webhook #${fromWebhook.id} was deleted; using the org's ${ref.provider} token for ${ref.host} instead`,
      { code: 'git_provider' },
    );
    return { ref, token: await chosenToken(deps, review.orgId, ref), ...(webhook ? { webhook } : {}) };
  }
  return { ref, token: await chosenToken(deps, review.orgId, ref) };
}

async function chosenToken(
  deps: { db: Db; secrets: SecretBox; tools: PipelineTools },
  orgId: number,
  ref: PullRequestRef,
): Promise<GitToken> {
  const token = deps.tools.chooseToken(ref, await openGitTokens(deps.db, deps.secrets, orgId));
  if (!token) {
    throw new EngineError('git_provider', `No ${ref.provider} token for ${ref.host}: add one in Settings → Git tokens`);
  }
  return token;
}
