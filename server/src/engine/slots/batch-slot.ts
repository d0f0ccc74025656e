import type { ReviewLogger } from '../reporting/review-logger.ts';
import type { ConnectorSlots, HeldSlot } from './connector-slots.ts';

/** The connector as far as its concurrency limit goes. */
export interface LimitedConnector {
  /** Absent for a connector that is not a stored row (the limit needs one). */
  id?: number;
  name: string;
  /** Model calls at once across all workers; null or absent = no limit. */
  maxConcurrency?: number | null;
}

const noSlot: HeldSlot = { waitedMs: 0, release: async () => undefined };

/**
 * Takes one of the connector's slots for a batch's model call. While every slot is taken, the
 * batch says so: a `batch` event with status `waiting` and `wait: {reason: "slot", …}` (again when
 * the count in use changes), so the page shows "Waiting for a free slot on Local Ollama (2 in use)".
 */
export async function takeBatchSlot(
  slots: ConnectorSlots | undefined,
  connector: LimitedConnector,
  logger: ReviewLogger,
  batchId: string,
  signal: AbortSignal,
): Promise<HeldSlot> {
  const limit = connector.maxConcurrency;
  if (!slots || connector.id === undefined || limit === null || limit === undefined) return noSlot;
  let logged = false;
  return slots.acquire(connector.id, limit, signal, ({ inUse }) => {
    if (!logged)
      logger.log('info', `Waiting for a free slot on ${connector.name} (${inUse} of ${limit} in use)`, {
        code: 'slot_wait',
        batchId,
      });
    logged = true;
    logger.batch({
      batchId,
      status: 'waiting',
      wait: { reason: 'slot', connectorName: connector.name, inUse, limit },
    });
  });
}
