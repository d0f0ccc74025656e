import { afterEach } from 'vitest';
import type { ConnectionState } from '../features/live/connection.ts';
import type { FeedPage, LiveFeedEnv, PageHandlers } from '../features/live/feed-env.ts';
import { defaultTiming } from '../features/live/feed-timing.ts';
import { LiveFeed, type LiveFeedSource } from '../features/live/live-feed.ts';
import { SharedSocket } from '../features/live/shared-socket.ts';
import type { TransportChoice } from '../features/live/transport-setting.ts';
import { FakeClock } from './fake-clock.ts';
import { FakeSocketServer } from './fake-socket.ts';
import { FakeSseServer } from './fake-sse.ts';
import { Watched } from './watch.ts';

/** The tab around a feed: visibility and online status a test sets, and the handlers it can call. */
export class FakePage implements FeedPage {
  isHidden = false;
  isOnline = true;
  handlers: PageHandlers | undefined;
  hidden = () => this.isHidden;
  online = () => this.isOnline;
  watch(handlers: PageHandlers) {
    this.handlers = handlers;
    return () => (this.handlers = undefined);
  }
}

/** A source that records what the feed asks of it: `frame <data>` and `poll`. */
export function recordingSource(): LiveFeedSource & { calls: Watched<string> } {
  const calls = new Watched<string>();
  return {
    calls,
    streamUrl: () => '/api/v1/reviews/7/stream',
    wsTopic: () => 'review:7',
    applyFrame: async (frame) => {
      calls.push(`frame ${frame.data}`);
      return frame.event === 'end' ? 'end' : 'continue';
    },
    poll: async () => {
      calls.push('poll');
      return 'continue';
    },
  };
}

export const polls = (source: { calls: Watched<string> }) =>
  source.calls.items.filter((call) => call === 'poll').length;

/** One tab's network edges and clock: feeds started in it share its socket and its ladder memory. */
export class FakeTab {
  readonly clock = new FakeClock();
  readonly sse = new FakeSseServer();
  readonly sockets = new FakeSocketServer();
  readonly page = new FakePage();
  readonly env: LiveFeedEnv = {
    fetch: this.sse.fetch,
    socket: new SharedSocket(() => 'ws://reviewtrace.test/api/v1/ws', this.sockets.open, this.clock),
    clock: this.clock,
    page: this.page,
    ladder: { sseBuffered: false },
  };
}

const feeds: LiveFeed[] = [];
afterEach(() => {
  for (const feed of feeds.splice(0)) feed.stop();
});

/** A started feed on the default timing in `tab` (a new one unless given), stopped after the test. */
export function startFeed(source: LiveFeedSource, choice: TransportChoice, tab = new FakeTab()) {
  const states = new Watched<ConnectionState>();
  const feed = new LiveFeed(source, states.push, { choice, timing: defaultTiming, env: tab.env });
  feeds.push(feed);
  feed.start();
  const untilMode = (mode: ConnectionState['mode']) => states.until((all) => all.at(-1)?.mode === mode);
  return { ...tab, tab, states, feed, untilMode };
}
