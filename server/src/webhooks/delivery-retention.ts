import type { Db } from '../db/database.ts';
import { deleteInBatches } from '../lib/batched-delete.ts';
import { deleteDeliveriesReceivedBefore } from './git-webhooks.repository.ts';

/** How long the delivery log keeps a delivery, for every org (the spec's "kept 30 days"). */
export const DELIVERY_RETENTION_DAYS = 30;

/**
 * Deletes deliveries received more than DELIVERY_RETENTION_DAYS before `now()`, in batches
 * (lib/batched-delete.ts). Runs with the events and artifacts retention (main.ts).
 */
export async function pruneOldDeliveries(
  db: Db,
  options: { now: () => number; batchSize?: number; maxBatches?: number },
): Promise<number> {
  const cutoff = new Date(options.now() - DELIVERY_RETENTION_DAYS * 86_400_000);
  return deleteInBatches((limit) => deleteDeliveriesReceivedBefore(db, cutoff, limit), options);
}
