import { apiPaths } from '../../lib/paths.ts';
import type { LadderMemory } from './ladder.ts';
import { SharedSocket, sameOriginSocketUrl, type SocketHub, type SocketLike } from './shared-socket.ts';

/**
 * What a LiveFeed reads from the world around it: the network (`fetch` for the SSE stream, the tab's
 * shared WebSocket), time, the page (tab visibility, the browser's online status) and what the tab
 * learned about its network path. Passed in rather than read from the globals so unit tests can
 * drive a real feed with fake streams and a clock they move by hand.
 */
export interface LiveFeedEnv {
  fetch: typeof fetch;
  socket: SocketHub;
  clock: FeedClock;
  page: FeedPage;
  ladder: LadderMemory;
}

export type TimerHandle = unknown;

export interface FeedClock {
  /** Wall-clock ms (`Date.now`): "last update" times, and the once-a-second re-render throttle. */
  now(): number;
  /** Monotonic ms (`performance.now`): how long a stream took to send its first bytes. */
  monotonic(): number;
  setTimeout(run: () => void, ms: number): TimerHandle;
  clearTimeout(timer: TimerHandle): void;
}

export interface FeedPage {
  /** The tab is hidden: polling pauses. */
  hidden(): boolean;
  /** `navigator.onLine`: a lost stream reads as "browser offline" rather than "server unreachable". */
  online(): boolean;
  /** Calls back when visibility or online status changes; returns the unsubscribe. */
  watch(handlers: PageHandlers): () => void;
}

export interface PageHandlers {
  visibility(): void;
  online(): void;
  offline(): void;
}

const browserClock: FeedClock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout> | undefined),
};

/** The tab's one socket, made when a feed first asks for it (most pages never climb past SSE). */
let tabSocket: SharedSocket | undefined;
const sharedSocket: SocketHub = {
  subscribe(...args) {
    tabSocket ??= new SharedSocket(
      () => sameOriginSocketUrl(apiPaths.liveSocket()),
      // The browser calls these handlers with richer events (MessageEvent, CloseEvent) than SocketLike names.
      (url) => new WebSocket(url) as unknown as SocketLike,
      browserClock,
    );
    return tabSocket.subscribe(...args);
  },
};

/** The browser's own. Wrappers, not the bare functions: `fetch` and timers must not be called on another object. */
export const browserEnv: LiveFeedEnv = {
  fetch: (input, init) => fetch(input, init),
  socket: sharedSocket,
  clock: browserClock,
  ladder: { sseBuffered: false },
  page: {
    hidden: () => document.hidden,
    online: () => navigator.onLine,
    watch(handlers) {
      document.addEventListener('visibilitychange', handlers.visibility);
      window.addEventListener('online', handlers.online);
      window.addEventListener('offline', handlers.offline);
      return () => {
        document.removeEventListener('visibilitychange', handlers.visibility);
        window.removeEventListener('online', handlers.online);
        window.removeEventListener('offline', handlers.offline);
      };
    },
  },
};
