import type { StreamTransport } from './ladder.ts';

/**
 * What the connection indicator shows (ui.md): "Live" (over SSE), "Live (WebSocket)", "Reconnecting…",
 * "Updating every 5 s", "Offline — last update hh:mm:ss", and "Finished" once the stream said `end`.
 *
 * One state machine for every live page: `LiveFeed` does the work (streams, timers, polls) and
 * reports what happened as a `ConnectionSignal`; `nextConnection` alone decides what the badge says.
 * The rule that keeps the badge honest: once the server is known to be unreachable, only proof that
 * it answers again (a poll that succeeds, a stream that flows) leaves "Offline". A retry that is
 * merely *scheduled* or *started* proves nothing, so it cannot flip the badge back and forth.
 */
export type ConnectionMode = 'connecting' | 'live' | 'reconnecting' | 'polling' | 'offline' | 'ended';

export interface ConnectionState {
  mode: ConnectionMode;
  /** When data last arrived (stream frame, heartbeat or poll). */
  lastUpdateAt: number | null;
  /** Why we are polling or offline, for the indicator's tooltip. */
  reason?: string;
  /** Retrying cannot help (signed out, access lost, review gone): the reason is shown, not hidden in a tooltip. */
  fatal?: boolean;
  /** Which stream carries the updates while live. */
  transport?: StreamTransport;
}

export const POLL_INTERVAL_MS = 5000;

export const initialConnection: ConnectionState = { mode: 'connecting', lastUpdateAt: null };

export type ConnectionSignal =
  /** The stream delivers (its first bytes came in time, or a heartbeat proved it). */
  | { type: 'stream-flowing'; transport: StreamTransport; reason?: string }
  /** The server answers but its stream is not usable here (silent, late, too many streams): poll instead. */
  | { type: 'stream-buffered'; reason: string }
  /** The stream dropped or could not open; `unreachable` when no answer came from the server at all. */
  | { type: 'stream-lost'; reason: string; unreachable: boolean }
  /** Repeated drops: the feed polls while it keeps retrying the stream. */
  | { type: 'polling-started'; reason: string }
  /** A poll answered: data is current as of `at`. */
  | { type: 'poll-succeeded'; at: number }
  | { type: 'poll-failed'; reason: string; unreachable: boolean }
  /** A frame or heartbeat arrived at `at`. */
  | { type: 'data'; at: number }
  | { type: 'browser-offline' }
  /** `event: end` or 204: everything was shown. */
  | { type: 'ended' }
  /** 401/403/404 or the session lapsed mid-stream: retrying cannot help. */
  | { type: 'fatal'; reason: string };

/** The one transition function of the connection indicator (see the module comment for its rule). */
export function nextConnection(state: ConnectionState, signal: ConnectionSignal): ConnectionState {
  // Both end states are final: a late poll or frame of a stopped feed must not revive the badge.
  if (state.mode === 'ended' || state.fatal) return state;
  const to = (mode: ConnectionMode, reason?: string): ConnectionState => ({ ...state, mode, reason });
  switch (signal.type) {
    case 'stream-flowing':
      // The reason, when there is one, is why this transport and not plain SSE (the badge's tooltip).
      return { ...to('live', signal.reason), transport: signal.transport };
    case 'stream-buffered':
      // Only a poll can tell whether an unreachable server is back; until one does, stay offline.
      return state.mode === 'offline' ? state : to('polling', signal.reason);
    case 'stream-lost':
      if (state.mode === 'offline') return signal.unreachable ? state : to('reconnecting', signal.reason);
      // A first drop may be a blip; a second unreachable try (or one while polling) is not.
      if (signal.unreachable && (state.mode === 'reconnecting' || state.mode === 'polling')) {
        return to('offline', signal.reason);
      }
      return state.mode === 'polling' ? state : to('reconnecting', signal.reason);
    case 'polling-started':
      return state.mode === 'offline' || state.mode === 'polling' ? state : to('polling', signal.reason);
    case 'poll-succeeded': {
      const updated = { ...state, lastUpdateAt: signal.at };
      // A poll beside a live stream (on probation after buffering) does not demote it.
      return state.mode === 'live' ? updated : { ...updated, mode: 'polling' };
    }
    case 'poll-failed':
      if (signal.unreachable) return to('offline', signal.reason);
      // The server answered (with an error): it is reachable, we just got nothing new.
      return state.mode === 'live' ? state : to('polling', signal.reason);
    case 'data':
      return { ...state, lastUpdateAt: signal.at };
    case 'browser-offline':
      return to('offline', 'Your browser is offline.');
    case 'ended':
      return to('ended');
    case 'fatal':
      return { ...state, mode: 'offline', reason: signal.reason, fatal: true };
  }
}

/**
 * While offline, what the page shows is as of the last update: live clocks (durations, time left)
 * stop there instead of counting on as if nothing had changed. Null = the page is current.
 */
export function shownAsOf(state: ConnectionState): number | null {
  return state.mode === 'offline' ? state.lastUpdateAt : null;
}
