import type { TransportChoice } from './transport-setting.ts';

/** The streaming rungs of the ladder; below them is polling. */
export type StreamTransport = 'sse' | 'websocket';

/**
 * What this tab has learned about its network path, shared by its feeds: once SSE was found
 * buffered, the next page (or a reconnect) starts on WebSocket instead of waiting 5 s for the same
 * verdict again. A probe that finds SSE flowing clears it.
 */
export interface LadderMemory {
  sseBuffered: boolean;
}

/**
 * The ladder (README, "Live updates"): SSE first; if a proxy buffers it, WebSocket; if that cannot
 * open either, poll, and climb again from the top later (with backoff). A forced choice is one rung:
 * failing it means polling, and probing that same rung again.
 */
export const ladder = {
  /** Where a (re)connect starts; null = no stream at all, poll. */
  start(choice: TransportChoice, memory: LadderMemory): StreamTransport | null {
    if (choice === 'polling') return null;
    if (choice !== 'auto') return choice;
    return memory.sseBuffered ? 'websocket' : 'sse';
  },

  /** Where a probe (after a while of polling) starts: the top, so a network that got better is noticed. */
  probe(choice: TransportChoice): StreamTransport | null {
    return choice === 'auto' ? 'sse' : ladder.start(choice, { sseBuffered: false });
  },

  /** `failed` is not usable on this path (SSE buffered, WebSocket refused): the rung below; null = poll. */
  below(choice: TransportChoice, failed: StreamTransport): StreamTransport | null {
    return choice === 'auto' && failed === 'sse' ? 'websocket' : null;
  },
};
