import { POLL_INTERVAL_MS } from './connection.ts';

/** How long the live feed waits for what (the clocks behind its verdicts); tests run on the default. */
export interface LiveFeedTiming {
  /** Nothing at all (not even the `: connected` comment) within this → a proxy buffers the stream. */
  firstByteMs: number;
  /** The server sends `: connected` at once; arriving later than this means it sat in a buffer. */
  lateConnectMs: number;
  /** The server's heartbeat interval; 2.5× of silence means the stream is stuck. */
  heartbeatMs: number;
  pollMs: number;
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  /** Backoff before trying SSE again after it was found buffered. */
  probeBaseMs: number;
  probeMaxMs: number;
}

export const defaultTiming: LiveFeedTiming = {
  firstByteMs: 5000,
  lateConnectMs: 2500,
  heartbeatMs: 15_000,
  pollMs: POLL_INTERVAL_MS,
  reconnectBaseMs: 1000,
  reconnectMaxMs: 30_000,
  probeBaseMs: 30_000,
  probeMaxMs: 300_000,
};
