import { HourglassIcon } from '../../../components/ui/icons.ts';
import { useLiveNow } from '../../live/hooks/useLiveNow.ts';
import { describeWait, longestWait, type OpenModelCall } from '../model-call-wait.ts';

/** The live line of a streaming call that has gone quiet, ticking every second; nothing otherwise. */
export function ModelCallWait({ calls, connectorName }: { calls: OpenModelCall[]; connectorName: string | null }) {
  const { now } = useLiveNow(calls.length > 0);
  const wait = longestWait(calls, now);
  if (!wait) return null;
  return (
    <p className="model-call-wait" data-testid="model-call-wait" data-wait={wait.kind}>
      <HourglassIcon className="model-call-wait-icon" />
      <span>{describeWait(wait, connectorName)}</span>
    </p>
  );
}
