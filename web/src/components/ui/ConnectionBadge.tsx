import type { ConnectionState } from '../../features/live/connection.ts';
import { formatTimeOfDay } from '../../lib/format.ts';

const look = {
  connecting: { icon: '◌', text: 'Connecting…', className: 'conn-connecting' },
  live: { icon: '●', text: 'Live', className: 'conn-live' },
  reconnecting: { icon: '↻', text: 'Reconnecting…', className: 'conn-reconnecting' },
  polling: { icon: '◷', text: 'Updating every 5 s', className: 'conn-polling' },
  offline: { icon: '✕', text: 'Offline', className: 'conn-offline' },
  ended: { icon: '■', text: 'Finished', className: 'conn-ended' },
} as const;

/** Always visible (ui.md): how fresh what you see is, and why when it is not live. */
export function ConnectionBadge({ state, endedText }: { state: ConnectionState; endedText?: string }) {
  const { icon, text, className } = look[state.mode];
  const last = state.lastUpdateAt ? formatTimeOfDay(new Date(state.lastUpdateAt)) : null;
  const label =
    state.fatal && state.reason
      ? `Not updating — ${state.reason}`
      : state.mode === 'offline'
        ? `Offline — last update ${last ?? 'never'}`
        : state.mode === 'ended'
          ? (endedText ?? text)
          : text;
  return (
    <span className={`conn ${className}`} data-connection={state.mode} title={state.reason ?? label}>
      <span aria-hidden="true">{icon}</span> {label}
    </span>
  );
}
