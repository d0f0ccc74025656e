import { CircleIcon } from '../../../components/ui/icons.ts';

/** A word, not just a tick, so the state reads the same to everyone. */
export function OnOff({ value }: { value: boolean }) {
  return value ? (
    <span>
      <CircleIcon className="filled" /> On
    </span>
  ) : (
    <span className="muted">
      <CircleIcon /> Off
    </span>
  );
}
