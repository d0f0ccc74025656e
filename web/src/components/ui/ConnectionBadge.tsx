import type { ConnectionState } from '../../features/live/connection.ts';
import { formatTimeOfDay } from '../../lib/format.ts';
import { CircleDashedIcon, CircleIcon, ClockIcon, RefreshIcon, SquareIcon, XIcon } from './icons.ts';

const look = {
  connecting: { Icon: CircleDashedIcon, text: 'Connecting…', className: 'conn-connecting' },
  live: { Icon: CircleIcon, text: 'Live', className: 'conn-live' },
  reconnecting: { Icon: RefreshIcon, text: 'Reconnecting…', className: 'conn-reconnecting' },
  polling: { Icon: ClockIcon, text: 'Updating every 5 s', className: 'conn-polling' },
  offline: { Icon: XIcon, text: 'Offline', className: 'conn-offline' },
  ended: { Icon: SquareIcon, text: 'Finished', className: 'conn-ended' },
} as const;

/**
 * Always visible (ui.md): how fresh what you see is, and why when it is not live. "Live" is SSE, the
 * normal case; "Live (WebSocket)" says the ladder stepped down (README, "Live updates").
 */
export function ConnectionBadge({ state, endedText }: { state: ConnectionState; endedText?: string }) {
  const { Icon, text, className } = look[state.mode];
  const last = state.lastUpdateAt ? formatTimeOfDay(new Date(state.lastUpdateAt)) : null;
  const label =
    state.fatal && state.reason
      ? `Not updating — ${state.reason}`
      : state.mode === 'offline'
        ? `Offline — last update ${last ?? 'never'}`
        : state.mode === 'ended'
          ? (endedText ?? text)
          : state.mode === 'live' && state.transport === 'websocket'
            ? 'Live (WebSocket)'
            : text;
  // The transport that carries updates now: SSE or WebSocket while live, polling while it polls.
  const transport = state.mode === 'live' ? state.transport : state.mode === 'polling' ? 'polling' : undefined;
  return (
    <span
      className={`conn ${className}`}
      data-connection={state.mode}
      data-transport={transport}
      title={state.reason ?? label}
    >
      <Icon className="conn-icon" /> {label}
    </span>
  );
}
