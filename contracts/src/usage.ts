import { z } from 'zod';

const total = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * What a whole review used, summed over its model calls (every attempt, failed ones included, is a
 * call and counts its time; only answers count tokens and cost). `costUsd` is null when any answer
 * had no known price: a total that leaves out an unknown bill would read as cheaper than it was.
 */
export const ReviewUsageSchema = z.object({
  tokensIn: total,
  tokensOut: total,
  costUsd: z.number().nonnegative().nullable(),
  modelCalls: z.number().int().nonnegative().max(2_147_483_647),
  /** Time spent in model requests. */
  modelMs: total,
  /**
   * Time spent waiting, not in a request: for a connector slot and to try again (rate limits,
   * backoff) — the sum of the calls' `queueMs`.
   */
  waitMs: total,
});
export type ReviewUsage = z.infer<typeof ReviewUsageSchema>;
