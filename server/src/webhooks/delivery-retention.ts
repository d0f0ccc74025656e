import type { Db } from '../db/database.ts';
import { deleteDeliveriesReceivedBefore } from './git-webhooks.repository.ts';

/** How long the delivery log keeps a delivery, for every org (the spec's "kept 30 days"). */
export const DELIVERY_RETENTION_DAYS = 30;

/**
 * Deletes deliveries received more than DELIVERY_RETENTION_DAYS before `now()`, `batchSize` rows
 * per statement so no statement holds locks for long, until none is left or `maxBatches` is
 * reached (the next hourly run continues). Runs with the events and artifacts retention (main.ts).
 */
export async function pruneOldDeliveries(
  db: Db,
  options: { now: () => number; batchSize?: number; maxBatches?: number },
): Promise<number> {
  const batchSize = options.batchSize ?? 5_000;
  const maxBatches = options.maxBatches ?? 100;
  const cutoff = new Date(options.now() - DELIVERY_RETENTION_DAYS * 86_400_000);
  let deleted = 0;
  for (let i = 0; i < maxBatches; i++) {
    const batch = await deleteDeliveriesReceivedBefore(db, cutoff, batchSize);
    deleted += batch;
    if (batch < batchSize) break;
  }
  return deleted;
}
