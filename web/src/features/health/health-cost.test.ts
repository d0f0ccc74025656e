import { describe, expect, it } from 'vitest';
import { healthCostText } from './health-cost.ts';

describe('health cost text', () => {
  it('gives the total, the cost a review and the tokens', () => {
    expect(
      healthCostText({ tokensIn: 30_000, tokensOut: 3_500, costUsd: 0.0066, usageReviews: 2, costUnknownReviews: 0 }),
    ).toEqual({
      cost: '$0.0066',
      perReview: '$0.0033 a review',
      tokens: '33,500 tokens (30,000 in / 3,500 out) over 2 reviews',
    });
  });

  it('names reviews without a price instead of counting them as $0', () => {
    expect(
      healthCostText({ tokensIn: 100, tokensOut: 10, costUsd: null, usageReviews: 1, costUnknownReviews: 1 }),
    ).toMatchObject({ cost: '— (price unknown)', perReview: null });
    expect(
      healthCostText({ tokensIn: 100, tokensOut: 10, costUsd: 0.5, usageReviews: 3, costUnknownReviews: 1 }),
    ).toMatchObject({ cost: '$0.50 (+ 1 review with no known price)', perReview: '$0.25 a review' });
    expect(
      healthCostText({ tokensIn: 0, tokensOut: 0, costUsd: null, usageReviews: 0, costUnknownReviews: 0 }),
    ).toEqual({ cost: '—', perReview: null, tokens: 'No usage reported' });
    expect(healthCostText({ tokensIn: 0, tokensOut: 0, costUsd: 0, usageReviews: 2, costUnknownReviews: 0 })).toEqual({
      cost: '— (no answer)',
      perReview: null,
      tokens: 'No model answered in 2 reviews',
    });
  });
});
