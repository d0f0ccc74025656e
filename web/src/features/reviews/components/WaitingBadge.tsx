import type { ReviewWaiting } from '@reviewtrace/contracts';
import { HourglassIcon } from '../../../components/ui/icons.ts';
import { formatDateTime } from '../../../lib/format.ts';

const reasonText: Record<ReviewWaiting['reason'], string> = {
  rate_limit: 'rate limited',
  backoff: 'backing off',
  slot: 'for a free slot',
};

/** "waiting · rate limited" under a running review's status: some batch of it waits right now. */
export function WaitingBadge({ waiting }: { waiting: ReviewWaiting }) {
  const until = waiting.until ? ` until ${formatDateTime(waiting.until)}` : '';
  return (
    <span className="waiting-badge" data-testid="waiting-badge" title={`Waiting ${reasonText[waiting.reason]}${until}`}>
      <HourglassIcon /> waiting · {reasonText[waiting.reason]}
    </span>
  );
}
