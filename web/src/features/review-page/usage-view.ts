import type { BatchSummary, ModelCallSummary, ReviewUsage } from '@reviewtrace/contracts';
import { formatDuration } from '../../lib/format.ts';

const counts = new Intl.NumberFormat('en-US');

/**
 * US dollars as a bill reads them: cents from a cent up, else two significant digits so a
 * $0.0023 call is not rounded to nothing. No price is "—", never $0.
 */
export function formatUsd(cost: number | null | undefined): string {
  if (cost === null || cost === undefined || !Number.isFinite(cost)) return '—';
  if (cost === 0) return '$0';
  if (cost >= 0.01) return `$${cost.toFixed(2)}`;
  return `$${Number(cost.toPrecision(2)).toString()}`;
}

/** "12.3k", "1.2M": tokens where a column is narrow. */
export function formatTokens(tokens: number | null | undefined): string {
  if (tokens === null || tokens === undefined) return '—';
  if (tokens < 1_000) return String(tokens);
  if (tokens < 1_000_000) return `${Number((tokens / 1_000).toPrecision(3))}k`;
  return `${Number((tokens / 1_000_000).toPrecision(3))}M`;
}

export interface CallUsageView {
  tokens: string;
  ttft: string;
  rate: string;
  load: string;
  cost: string;
  /** Why the cost reads as it does (where the price came from, or why there is none). */
  costNote: string;
}

/** One model request's row of numbers. Failed attempts have time but no tokens or cost. */
export function callUsageView(call: ModelCallSummary): CallUsageView {
  const tokens =
    call.tokensIn === undefined || call.tokensOut === undefined
      ? '—'
      : `${counts.format(call.tokensIn)} in / ${counts.format(call.tokensOut)} out${call.tokensSource === 'estimate' ? ' (est.)' : ''}`;
  return {
    tokens,
    ttft: formatDuration(call.ttftMs),
    rate: call.tokensPerSecond === undefined ? '—' : `${call.tokensPerSecond.toFixed(1)} tok/s`,
    load: call.loadMs === undefined ? '—' : formatDuration(call.loadMs),
    cost: call.priceSource === 'self-hosted' ? '$0 (self-hosted)' : formatUsd(call.costUsd),
    costNote: costNoteOf(call),
  };
}

function costNoteOf(call: ModelCallSummary): string {
  if (call.error !== undefined) return 'A failed attempt: no answer, no tokens billed';
  if (call.costUsd === null) return call.priceUnknownReason ?? 'No known price for this model';
  if (call.priceSource === 'connector') return "The connector's own price (Settings)";
  if (call.priceSource === 'genai-prices') return 'From the bundled genai-prices table';
  if (call.priceSource === 'self-hosted') return 'Self-hosted: no price per token';
  return '';
}

/** The header's totals: "$0.27 · 94,000 tokens (90,000 in / 4,000 out) · 2 calls". */
export function reviewUsageText(usage: ReviewUsage | null): { cost: string; tokens: string } | null {
  if (!usage) return null;
  // No tokens at all: no call got an answer (or none was made). "$0 · 0" would read as free and empty.
  if (usage.tokensIn + usage.tokensOut === 0) {
    const calls = usage.modelCalls === 0 ? 'no model calls' : `no answer · ${callCount(usage.modelCalls)}`;
    return { cost: '— (no answer)', tokens: `— (${calls})` };
  }
  return {
    cost: usage.costUsd === null ? '— (price unknown)' : formatUsd(usage.costUsd),
    tokens: `${counts.format(usage.tokensIn + usage.tokensOut)} (${counts.format(usage.tokensIn)} in / ${counts.format(usage.tokensOut)} out) · ${callCount(usage.modelCalls)}`,
  };
}

const callCount = (n: number) => `${n} ${n === 1 ? 'call' : 'calls'}`;

export interface BatchUsageView {
  tokens: string;
  ttft: string;
  rate: string;
  load: string;
  cost: string;
  costNote: string;
}

/**
 * A batch's row of usage: tokens and cost summed over its calls (only answers have them), speed
 * and load from the call that answered. A batch with no answer says so rather than "$0".
 */
export function batchUsageView(batch: BatchSummary): BatchUsageView {
  const calls = batch.calls ?? [];
  const answers = calls.filter((call) => call.error === undefined && call.tokensIn !== undefined);
  const answer = answers.at(-1);
  if (!answer) {
    const none = calls.length === 0 ? '—' : '— (no answer)';
    const note = calls.length === 0 ? 'No model call reported for this batch' : 'No call of this batch got an answer';
    // The tokens cell says why; the cost cell stays short (its tooltip says the same).
    return { tokens: none, ttft: '—', rate: '—', load: '—', cost: '—', costNote: note };
  }
  const tokensIn = answers.reduce((sum, call) => sum + (call.tokensIn ?? 0), 0);
  const tokensOut = answers.reduce((sum, call) => sum + (call.tokensOut ?? 0), 0);
  const estimated = answers.some((call) => call.tokensSource === 'estimate');
  const unpriced = answers.some((call) => call.costUsd === null || call.costUsd === undefined);
  const costUsd = unpriced ? null : answers.reduce((sum, call) => sum + (call.costUsd ?? 0), 0);
  const view = callUsageView(answer);
  return {
    tokens: `${counts.format(tokensIn)} in / ${counts.format(tokensOut)} out${estimated ? ' (est.)' : ''}`,
    ttft: view.ttft,
    rate: view.rate,
    load: view.load,
    cost: answers.every((call) => call.priceSource === 'self-hosted') ? '$0 (self-hosted)' : formatUsd(costUsd),
    costNote: unpriced ? (answer.priceUnknownReason ?? 'No known price for this model') : view.costNote,
  };
}
