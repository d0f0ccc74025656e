import type { Db } from '../db/database.ts';
import { deleteInBatches } from '../lib/batched-delete.ts';
import { deleteSettledDeliveriesBefore } from './delivery-queue.repository.ts';

/** How long an alert endpoint's delivery log keeps a delivery: as long as the git webhooks' log. */
export const ALERT_DELIVERY_RETENTION_DAYS = 30;

/**
 * Deletes alert deliveries (and their attempts, by cascade) queued more than
 * ALERT_DELIVERY_RETENTION_DAYS before `now()`. A pending one is never deleted: it is still being
 * retried (retries stop after 3 days, or after a redeliver's own 3 days). The alerts themselves stay,
 * as the history. Runs hourly with the other retention steps (main.ts).
 */
export async function pruneOldAlertDeliveries(
  db: Db,
  options: { now: () => number; batchSize?: number; maxBatches?: number },
): Promise<number> {
  const cutoff = new Date(options.now() - ALERT_DELIVERY_RETENTION_DAYS * 86_400_000);
  return deleteInBatches((limit) => deleteSettledDeliveriesBefore(db, cutoff, limit), options);
}
