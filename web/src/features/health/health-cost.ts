import type { ConnectorHealthItem } from '@reviewtrace/contracts';
import { formatUsd } from '../review-page/usage-view.ts';

const counts = new Intl.NumberFormat('en-US');

type CostFields = Pick<
  ConnectorHealthItem,
  'tokensIn' | 'tokensOut' | 'costUsd' | 'usageReviews' | 'costUnknownReviews'
>;

/**
 * A connector × model's spend in words: "$0.0066 · $0.0033 a review" and its tokens. A review
 * without a known price is named, never folded in as $0.
 */
export function healthCostText(item: CostFields): { cost: string; perReview: string | null; tokens: string } {
  if (item.usageReviews === 0) return { cost: '—', perReview: null, tokens: 'No usage reported' };
  const reviews = `${item.usageReviews} ${item.usageReviews === 1 ? 'review' : 'reviews'}`;
  // No tokens at all: no call got an answer (an expired key, a hung server), so nothing was billed.
  if (item.tokensIn + item.tokensOut === 0)
    return { cost: '— (no answer)', perReview: null, tokens: `No model answered in ${reviews}` };
  const priced = item.usageReviews - item.costUnknownReviews;
  const unknown =
    item.costUnknownReviews === 0
      ? ''
      : ` (+ ${item.costUnknownReviews} ${item.costUnknownReviews === 1 ? 'review' : 'reviews'} with no known price)`;
  const cost = item.costUsd === null || priced === 0 ? `— (price unknown)` : `${formatUsd(item.costUsd)}${unknown}`;
  const perReview = item.costUsd === null || priced === 0 ? null : `${formatUsd(item.costUsd / priced)} a review`;
  const total = item.tokensIn + item.tokensOut;
  const tokens = `${counts.format(total)} tokens (${counts.format(item.tokensIn)} in / ${counts.format(item.tokensOut)} out) over ${reviews}`;
  return { cost, perReview, tokens };
}
