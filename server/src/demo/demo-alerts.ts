import type { Db } from '../db/database.ts';
import { AlertEndpointsService } from '../alerts/alert-endpoints.service.ts';
import { systemClock } from '../lib/clock.ts';
import type { SecretBox } from '../settings/secret-box.ts';
import { DEMO_RECEIVER_PATH, startDemoAlertReceiver, type DemoAlertReceiver } from './demo-alert-receiver.ts';
import { findAlertEndpointSecrets, listDemoAlertEndpoints, setAlertEndpointUrl } from './demo.repository.ts';

/**
 * Gives a demo org an alert endpoint at the built-in receiver, made the way an owner makes one in
 * Settings (so the org's default rules switch on). Its port is set when the receiver starts.
 */
export async function seedDemoAlertEndpoint(
  db: Db,
  secrets: SecretBox,
  owner: { id: number; email: string },
  orgId: number,
): Promise<void> {
  await new AlertEndpointsService(db, secrets, systemClock).create(
    {
      userId: owner.id,
      email: owner.email,
      orgId,
      role: 'owner',
      isSuperAdmin: false,
      orgIds: [orgId],
      via: 'bearer',
    },
    {
      url: `http://127.0.0.1:9${DEMO_RECEIVER_PATH}0`,
      description: 'Built-in demo receiver: Settings → Alert endpoints → Open receiver shows what it got',
      enabled: true,
    },
  );
}

/** Starts the receiver and points every demo endpoint at it (its port changes per start). */
export async function startDemoAlerts(db: Db, secrets: SecretBox): Promise<DemoAlertReceiver> {
  const receiver = await startDemoAlertReceiver(async (endpointId) => {
    const row = await findAlertEndpointSecrets(db, endpointId);
    if (!row) return undefined;
    const stillSigning = row.previous_secret && row.previous_secret_until && row.previous_secret_until > new Date();
    return {
      orgId: Number(row.org_id),
      secrets: [row.secret, ...(stillSigning ? [row.previous_secret!] : [])].map((sealed) => secrets.open(sealed)),
    };
  });
  for (const endpoint of await listDemoAlertEndpoints(db)) {
    await setAlertEndpointUrl(db, endpoint.id, receiver.endpointUrl(endpoint.id));
  }
  return receiver;
}
