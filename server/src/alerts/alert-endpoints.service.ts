import type { z } from 'zod';
import type {
  AlertDelivery,
  AlertEndpoint,
  AlertEndpointSecret,
  CreateAlertEndpointSchema,
  UpdateAlertEndpointSchema,
} from '@reviewtrace/contracts';
import type { Db } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import type { AuthContext } from '../auth/auth.service.ts';
import { accessGate, requireAllowed, type AccessRule } from '../auth/access.ts';
import { notFound } from '../http/errors.ts';
import type { SecretBox } from '../settings/secret-box.ts';
import * as repo from './alert-endpoints.repository.ts';
import * as queue from './delivery-queue.repository.ts';
import { enableUntouchedDefaults } from './alert-rules.repository.ts';
import { testPayload } from './alert-payload.ts';
import { newEndpointSecret } from './webhook-signing.ts';

const manageEndpoints: AccessRule = { permission: 'settings:manage', action: 'manage alert endpoints' };
const seeEndpoints: AccessRule = { permission: 'settings:manage', action: 'see alert endpoints' };

/** How long the old secret keeps signing after a rotation: a day to update the receiver. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/**
 * Webhook endpoints of the org (owner): where alert notifications go, their secrets (shown once),
 * the delivery log and redelivery. Sending itself is the dispatcher's (alert-dispatcher.ts).
 */
export class AlertEndpointsService {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  private readonly endpoint = accessGate('Alert endpoint', (auth, id) => repo.findEndpointRow(this.db, auth.orgId, id));

  async list(auth: AuthContext): Promise<AlertEndpoint[]> {
    requireAllowed(auth, seeEndpoints);
    return (await repo.listEndpointRows(this.db, auth.orgId)).map((row) => this.toEndpoint(row));
  }

  async get(auth: AuthContext, id: number): Promise<AlertEndpoint> {
    return this.toEndpoint(await this.endpoint(auth, id, seeEndpoints));
  }

  /** The org's first endpoint switches on the default rules the owner has not touched. */
  async create(auth: AuthContext, body: z.output<typeof CreateAlertEndpointSchema>): Promise<AlertEndpointSecret> {
    requireAllowed(auth, manageEndpoints);
    const secret = newEndpointSecret();
    const row = await this.db.transaction().execute(async (trx) => {
      const inserted = await repo.insertEndpointRow(trx, auth.orgId, { ...body, secret: this.secrets.seal(secret) });
      if (body.enabled) await enableUntouchedDefaults(trx, auth.orgId);
      return inserted;
    });
    return { ...this.toEndpoint(row), secret };
  }

  async update(
    auth: AuthContext,
    id: number,
    body: z.output<typeof UpdateAlertEndpointSchema>,
  ): Promise<AlertEndpoint> {
    await this.endpoint(auth, id, manageEndpoints);
    // Enabling again clears why the system switched it off.
    const changes: repo.EndpointChanges = { ...body, ...(body.enabled ? { disabled_reason: null } : {}) };
    const row = await repo.updateEndpointRow(this.db, auth.orgId, id, changes);
    if (!row) throw notFound(`Alert endpoint ${id} not found`);
    return this.toEndpoint(row);
  }

  /** Its delivery log goes with it (ON DELETE CASCADE). */
  async delete(auth: AuthContext, id: number): Promise<void> {
    await this.endpoint(auth, id, manageEndpoints);
    if (!(await repo.deleteEndpointRow(this.db, auth.orgId, id))) throw notFound(`Alert endpoint ${id} not found`);
  }

  /** A new secret; the current one keeps signing alongside it for ROTATION_OVERLAP_MS. */
  async rotateSecret(auth: AuthContext, id: number): Promise<AlertEndpointSecret> {
    const current = await this.endpoint(auth, id, manageEndpoints);
    const secret = newEndpointSecret();
    const row = await repo.updateEndpointRow(this.db, auth.orgId, id, {
      secret: this.secrets.seal(secret),
      previous_secret: current.secret,
      previous_secret_until: new Date(this.clock.now() + ROTATION_OVERLAP_MS),
    });
    if (!row) throw notFound(`Alert endpoint ${id} not found`);
    return { ...this.toEndpoint(row), secret };
  }

  /** Queues a `webhook.test` for this endpoint (sent even while it is disabled). */
  async sendTest(auth: AuthContext, id: number): Promise<{ deliveryId: number; messageId: string }> {
    const endpoint = await this.endpoint(auth, id, manageEndpoints);
    const now = new Date(this.clock.now());
    const [queued] = await queue.enqueueDeliveries(
      this.db,
      { orgId: auth.orgId, type: 'webhook.test', alertId: null, payload: testPayload(endpoint, now), now },
      endpoint.id,
    );
    return { deliveryId: queued!.id, messageId: queued!.message_id };
  }

  async deliveries(auth: AuthContext, id: number, limit: number): Promise<AlertDelivery[]> {
    await this.endpoint(auth, id, seeEndpoints);
    const rows = await queue.listDeliveryRows(this.db, auth.orgId, id, limit);
    const attempts = await queue.listAttemptRows(
      this.db,
      rows.map((row) => row.id),
    );
    return rows.map((row) => ({
      id: row.id,
      endpointId: row.endpoint_id,
      messageId: row.message_id,
      type: row.event_type as AlertDelivery['type'],
      alertId: row.alert_id,
      state: row.state as AlertDelivery['state'],
      nextAttemptAt: row.next_attempt_at?.toISOString() ?? null,
      createdAt: row.created_at.toISOString(),
      attempts: attempts
        .filter((attempt) => attempt.delivery_id === row.id)
        .map((attempt) => ({
          at: attempt.attempted_at.toISOString(),
          statusCode: attempt.status_code,
          latencyMs: attempt.latency_ms,
          responseExcerpt: attempt.response_excerpt,
          error: attempt.error,
          nextAttemptAt: attempt.next_attempt_at?.toISOString() ?? null,
        })),
    }));
  }

  async redeliver(
    auth: AuthContext,
    id: number,
    deliveryId: number,
  ): Promise<{ deliveryId: number; messageId: string }> {
    await this.endpoint(auth, id, manageEndpoints);
    const row = await queue.requeueDelivery(this.db, auth.orgId, id, deliveryId, new Date(this.clock.now()));
    if (!row) throw notFound(`Delivery ${deliveryId} not found`);
    return { deliveryId: row.id, messageId: row.message_id };
  }

  private toEndpoint(row: repo.EndpointRow): AlertEndpoint {
    const rotating = row.previous_secret_until && row.previous_secret_until.getTime() > this.clock.now();
    return {
      id: row.id,
      orgId: row.org_id,
      url: row.url,
      description: row.description,
      enabled: row.enabled,
      disabledReason: row.disabled_reason,
      secret: this.secrets.mask(row.secret) ?? '••••',
      previousSecretUntil: rotating ? row.previous_secret_until!.toISOString() : null,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }
}
