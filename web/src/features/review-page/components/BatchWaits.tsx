import { HourglassIcon } from '../../../components/ui/icons.ts';
import { useLiveNow } from '../../live/hooks/useLiveNow.ts';
import { describeBatchWait, waitingBatchLabel, type OpenWait } from '../waiting-text.ts';

/**
 * What each waiting batch waits for, with a live countdown to a rate limit's retry (ticking every
 * second on the page's shared clock): waiting is a state on screen, not a silence.
 */
export function BatchWaits({ waits, connectorName }: { waits: OpenWait[]; connectorName: string | null }) {
  const { now } = useLiveNow(waits.length > 0);
  if (waits.length === 0) return null;
  return (
    <ul className="batch-waits" aria-label="Waiting">
      {waits.map((wait) => (
        <li key={wait.batchId ?? ''} className="model-call-wait" data-testid="batch-wait" data-wait={wait.wait.reason}>
          <HourglassIcon className="model-call-wait-icon" />
          {waits.length > 1 && waitingBatchLabel(wait) && <strong>{waitingBatchLabel(wait)}: </strong>}
          <span>{describeBatchWait(wait, now, connectorName)}</span>
        </li>
      ))}
    </ul>
  );
}
