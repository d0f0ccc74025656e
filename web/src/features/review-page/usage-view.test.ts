import { describe, expect, it } from 'vitest';
import { batchUsageView, callUsageView, formatTokens, formatUsd, reviewUsageText } from './usage-view.ts';

describe('usage view models', () => {
  it('formats dollars as a bill does, and no price as a dash, never $0', () => {
    expect([formatUsd(0.265), formatUsd(12.5), formatUsd(0.00228), formatUsd(0.000014)]).toEqual([
      '$0.27',
      '$12.50',
      '$0.0023',
      '$0.000014',
    ]);
    expect([formatUsd(0), formatUsd(null), formatUsd(undefined)]).toEqual(['$0', '—', '—']);
  });

  it('shortens token counts for narrow columns', () => {
    expect([formatTokens(950), formatTokens(12_800), formatTokens(1_234_567), formatTokens(null)]).toEqual([
      '950',
      '12.8k',
      '1.23M',
      '—',
    ]);
  });

  it('shows an answered call’s tokens, TTFT, rate, load and cost', () => {
    expect(
      callUsageView({
        attempt: 1,
        tokensIn: 12_000,
        tokensOut: 800,
        tokensSource: 'provider',
        ttftMs: 350,
        tokensPerSecond: 44.96,
        loadMs: 1_500,
        costUsd: 0,
        priceSource: 'self-hosted',
      }),
    ).toEqual({
      tokens: '12,000 in / 800 out',
      ttft: '350 ms',
      rate: '45.0 tok/s',
      load: '1.5 s',
      cost: '$0 (self-hosted)',
      costNote: 'Self-hosted: no price per token',
    });
  });

  it('marks estimates, gives an unknown price its reason, and a failed attempt no tokens', () => {
    const unknown = callUsageView({
      tokensIn: 100,
      tokensOut: 20,
      tokensSource: 'estimate',
      costUsd: null,
      priceUnknownReason: '"my-model" is not in the price table',
    });
    expect(unknown).toMatchObject({
      tokens: '100 in / 20 out (est.)',
      cost: '—',
      costNote: '"my-model" is not in the price table',
    });
    expect(callUsageView({ attempt: 1, durationMs: 400, error: 'HTTP 429' })).toMatchObject({
      tokens: '—',
      ttft: '—',
      rate: '—',
      cost: '—',
      costNote: 'A failed attempt: no answer, no tokens billed',
    });
  });

  it('totals a review for the header, saying when the price is unknown', () => {
    const usage = { tokensIn: 90_000, tokensOut: 4_000, costUsd: 0.265, modelCalls: 2, modelMs: 8_400, waitMs: 0 };
    expect(reviewUsageText(usage)).toEqual({ cost: '$0.27', tokens: '94,000 (90,000 in / 4,000 out) · 2 calls' });
    expect(reviewUsageText({ ...usage, costUsd: null, modelCalls: 1 })).toEqual({
      cost: '— (price unknown)',
      tokens: '94,000 (90,000 in / 4,000 out) · 1 call',
    });
    expect(reviewUsageText(null)).toBeNull();
  });

  it('says "no answer" instead of "$0 · 0" when no call answered', () => {
    const none = { tokensIn: 0, tokensOut: 0, costUsd: 0, modelCalls: 3, modelMs: 90_000, waitMs: 2_000 };
    expect(reviewUsageText(none)).toEqual({ cost: '— (no answer)', tokens: '— (no answer · 3 calls)' });
    expect(reviewUsageText({ ...none, modelCalls: 0 })).toEqual({
      cost: '— (no answer)',
      tokens: '— (no model calls)',
    });
  });

  it('sums a batch’s answered calls and takes speed and load from its answer', () => {
    const batch = {
      batchId: 'batch-1',
      status: 'success',
      fileCount: 2,
      tokenEstimate: 900,
      startedAt: null,
      finishedAt: null,
      durationMs: null,
      fallbackUsed: false,
      attempts: 2,
      commentCount: 1,
      calls: [
        { attempt: 1, durationMs: 300, error: 'HTTP 429' },
        {
          attempt: 2,
          tokensIn: 1_200,
          tokensOut: 300,
          tokensSource: 'provider',
          ttftMs: 420,
          tokensPerSecond: 51.2,
          costUsd: 0.00036,
          priceSource: 'genai-prices',
        },
      ],
    };
    expect(batchUsageView(batch)).toEqual({
      tokens: '1,200 in / 300 out',
      ttft: '420 ms',
      rate: '51.2 tok/s',
      load: '—',
      cost: '$0.00036',
      costNote: 'From the bundled genai-prices table',
    });
    expect(batchUsageView({ ...batch, calls: [batch.calls[0]!] })).toMatchObject({
      tokens: '— (no answer)',
      cost: '—',
      costNote: 'No call of this batch got an answer',
    });
    expect(batchUsageView({ ...batch, calls: undefined })).toMatchObject({ tokens: '—', cost: '—' });
  });
});
