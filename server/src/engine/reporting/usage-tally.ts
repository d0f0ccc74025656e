import type { ReviewUsage } from '@reviewtrace/contracts';

/** The fields of a `model_call` end the totals read. */
interface CallEnd {
  durationMs?: number | undefined;
  tokensIn?: number | undefined;
  tokensOut?: number | undefined;
  costUsd?: number | null | undefined;
  error?: string | undefined;
  /** The wait before this attempt: a connector slot, a rate limit, backoff. */
  queueMs?: number | undefined;
}

/**
 * A review's running totals as its model calls end: every attempt is a call and adds its time;
 * answers add their tokens and cost. One answer without a known price makes the total cost unknown.
 */
export class UsageTally {
  private tokensIn = 0;
  private tokensOut = 0;
  private cost = 0;
  private costKnown = true;
  private modelCalls = 0;
  private modelMs = 0;
  private waitMs = 0;

  callEnded(call: CallEnd): void {
    this.modelCalls += 1;
    this.modelMs += Math.max(0, Math.round(call.durationMs ?? 0));
    this.waitMs += Math.max(0, Math.round(call.queueMs ?? 0));
    if (call.error !== undefined) return;
    this.tokensIn += call.tokensIn ?? 0;
    this.tokensOut += call.tokensOut ?? 0;
    if (typeof call.costUsd === 'number') this.cost += call.costUsd;
    else this.costKnown = false;
  }

  total(): ReviewUsage {
    return {
      tokensIn: this.tokensIn,
      tokensOut: this.tokensOut,
      costUsd: this.costKnown ? Math.round(this.cost * 1e9) / 1e9 : null,
      modelCalls: this.modelCalls,
      modelMs: this.modelMs,
      waitMs: this.waitMs,
    };
  }
}
