import {
  setTransportChoice,
  transportChoices,
  useTransportChoice,
  type TransportChoice,
} from '../transport-setting.ts';

/**
 * The header's "Live updates" setting: Auto climbs the ladder (SSE → WebSocket → polling); the others
 * force one transport on every live page at once. A native select: keyboard and screen readers get
 * its label and options for free.
 */
export function TransportSetting() {
  const choice = useTransportChoice();
  return (
    <label>
      <span className="visually-hidden">Live updates</span>
      <select
        value={choice}
        onChange={(e) => setTransportChoice(e.target.value as TransportChoice)}
        aria-label="Live updates"
        title="How live pages receive updates"
      >
        {transportChoices.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
