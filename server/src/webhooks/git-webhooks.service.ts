import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type {
  CreateGitWebhookSchema,
  DeliveryDecision,
  FieldError,
  GitWebhook,
  GitWebhookSecret,
  UpdateGitWebhookSchema,
  WebhookDeliveriesQuery,
  WebhookDeliveryPage,
} from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import type { AuthContext } from '../auth/auth.service.ts';
import { accessGate, requireAllowed, type AccessRule } from '../auth/access.ts';
import { badRequest, notFound } from '../http/errors.ts';
import type { SecretBox } from '../settings/secret-box.ts';
import * as repo from './git-webhooks.repository.ts';

const manageWebhooks: AccessRule = { permission: 'settings:manage', action: 'manage git webhooks' };
const seeWebhooks: AccessRule = { permission: 'settings:manage', action: 'see git webhooks' };
const seeDeliveries: AccessRule = { permission: 'settings:manage', action: 'see webhook deliveries' };

/** Where a provider sends a webhook's deliveries (relative: the server does not always know its public URL). */
export const hookPath = (provider: string, id: number) => `/api/v1/hooks/${provider}/${id}`;

/** 32 random bytes: what GitHub and GitLab send back with every delivery, so it must be unguessable. */
const newSecret = () => `rtwh_${randomBytes(32).toString('base64url')}`;

/**
 * Git webhooks of the org the caller acts in (owner only, like git tokens): the settings that
 * decide which deliveries start reviews, and the delivery log. The secret goes in sealed and is
 * shown in full only by create and rotate-secret.
 */
export class GitWebhooksService {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  private readonly webhook = accessGate('Git webhook', (auth, id) => repo.findWebhookRow(this.db, auth.orgId, id));

  async list(auth: AuthContext): Promise<GitWebhook[]> {
    requireAllowed(auth, seeWebhooks);
    return (await repo.listWebhookRows(this.db, auth.orgId)).map((row) => this.toWebhook(row));
  }

  async get(auth: AuthContext, id: number): Promise<GitWebhook> {
    return this.toWebhook(await this.webhook(auth, id, seeWebhooks));
  }

  async create(auth: AuthContext, body: z.output<typeof CreateGitWebhookSchema>): Promise<GitWebhookSecret> {
    requireAllowed(auth, manageWebhooks);
    await this.checkReferences(auth.orgId, body.provider, body);
    const secret = newSecret();
    const row = await repo.insertWebhookRow(this.db, auth.orgId, {
      provider: body.provider,
      ...webhookColumns(body),
      secret: this.secrets.seal(secret),
    });
    return { id: row.id, url: hookPath(row.provider, row.id), secret };
  }

  async update(auth: AuthContext, id: number, body: z.output<typeof UpdateGitWebhookSchema>): Promise<GitWebhook> {
    const current = await this.webhook(auth, id, manageWebhooks);
    await this.checkReferences(auth.orgId, current.provider, body);
    const row = await repo.updateWebhookRow(this.db, auth.orgId, id, webhookColumns(body));
    if (!row) throw notFound(`Git webhook ${id} not found`);
    return this.toWebhook(row);
  }

  /** The delivery log goes with it (ON DELETE CASCADE); reviews it started stay. */
  async delete(auth: AuthContext, id: number): Promise<void> {
    await this.webhook(auth, id, manageWebhooks);
    if (!(await repo.deleteWebhookRow(this.db, auth.orgId, id))) throw notFound(`Git webhook ${id} not found`);
  }

  /** The old secret stops working at once: the provider's settings must get the new one. */
  async rotateSecret(auth: AuthContext, id: number): Promise<GitWebhookSecret> {
    await this.webhook(auth, id, manageWebhooks);
    const secret = newSecret();
    const row = await repo.updateWebhookRow(this.db, auth.orgId, id, { secret: this.secrets.seal(secret) });
    if (!row) throw notFound(`Git webhook ${id} not found`);
    return { id: row.id, url: hookPath(row.provider, row.id), secret };
  }

  async deliveries(auth: AuthContext, id: number, query: WebhookDeliveriesQuery): Promise<WebhookDeliveryPage> {
    await this.webhook(auth, id, seeDeliveries);
    const rows = await repo.listDeliveryRows(this.db, auth.orgId, id, {
      before: query.before,
      limit: query.limit,
      decisions: query.decision,
      repository: query.repository,
    });
    const hasMore = rows.length > query.limit;
    const items = rows.slice(0, query.limit).map((row) => ({
      id: row.id,
      webhookId: row.webhook_id,
      deliveryId: row.delivery_id,
      receivedAt: row.received_at.toISOString(),
      event: row.event,
      action: row.action,
      repository: row.repository,
      number: row.number,
      headSha: row.head_sha,
      signatureOk: row.signature_ok,
      decision: row.decision as DeliveryDecision,
      reason: row.reason,
      reviewId: row.review_id,
      redelivery: row.redelivery,
    }));
    return { items, nextCursor: hasMore ? items[items.length - 1]!.id : null, hasMore };
  }

  /** The token and connector must be the org's own, and the token must speak the webhook's provider. */
  private async checkReferences(
    orgId: number,
    provider: string,
    body: { integrationTokenId?: number | undefined; connectorId?: number | undefined },
  ): Promise<void> {
    const problems: FieldError[] = [];
    if (body.integrationTokenId !== undefined) {
      const tokenProvider = await repo.findTokenProvider(this.db, orgId, body.integrationTokenId);
      if (tokenProvider === undefined) {
        problems.push({
          field: 'body.integrationTokenId',
          message: `no git token ${body.integrationTokenId} in this org`,
        });
      } else if (tokenProvider !== provider) {
        problems.push({
          field: 'body.integrationTokenId',
          message: `git token ${body.integrationTokenId} is a ${tokenProvider} token; this webhook is for ${provider}`,
        });
      }
    }
    if (body.connectorId !== undefined && !(await repo.connectorInOrg(this.db, orgId, body.connectorId))) {
      problems.push({ field: 'body.connectorId', message: `no connector ${body.connectorId} in this org` });
    }
    if (problems.length > 0) throw badRequest('Invalid git webhook', problems);
  }

  private toWebhook(row: repo.WebhookRow): GitWebhook {
    return {
      id: row.id,
      orgId: row.org_id,
      provider: row.provider as GitWebhook['provider'],
      url: hookPath(row.provider, row.id),
      integrationTokenId: row.integration_token_id,
      connectorId: row.connector_id,
      repositories: row.repositories,
      skipDrafts: row.skip_drafts,
      pathFilters: row.path_filters,
      enabled: row.enabled,
      secret: this.secrets.mask(row.secret) ?? '••••',
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }
}

/** The settings a create or an update sends, as columns (an update leaves out what it does not send). */
function webhookColumns<B extends z.output<typeof UpdateGitWebhookSchema>>(
  body: B,
): {
  integration_token_id: B['integrationTokenId'];
  connector_id: B['connectorId'];
  repositories: B['repositories'];
  skip_drafts: B['skipDrafts'];
  path_filters: B['pathFilters'];
  enabled: B['enabled'];
} {
  return {
    integration_token_id: body.integrationTokenId,
    connector_id: body.connectorId,
    repositories: body.repositories,
    skip_drafts: body.skipDrafts,
    path_filters: body.pathFilters,
    enabled: body.enabled,
  };
}
