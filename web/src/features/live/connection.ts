/**
 * What the connection indicator shows (ui.md): "Live", "Reconnecting…", "Updating every 5 s",
 * "Offline — last update hh:mm:ss", and "Finished" once the stream said `end`.
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
}

export const POLL_INTERVAL_MS = 5000;
