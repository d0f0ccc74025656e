import { isApiStatus, isTerminal, type ReviewEvent } from '@reviewtrace/contracts';
import { apiPaths } from '../../lib/paths.ts';
import { readEventsPage, type ReadEventsPage } from './events-page.ts';
import type { LiveFeedSource } from './live-feed.ts';
import type { SseFrame } from './sse.ts';
import { reviewTopic } from './ws-frames.ts';

const PAGE = 1000;
/** A poll or gap fill reads at most this many pages per round, so one tick never blocks for long. */
const MAX_PAGES_PER_ROUND = 20;

/**
 * A review's events after a cursor. Events are applied exactly once and in order: a frame at or
 * below the cursor is a duplicate (reconnect overlap, poll and stream racing); a frame past
 * cursor + 1 means something was missed, and the gap is read over REST before the frame is applied.
 * seq is gap-free per review (events.md), which is what makes "cursor + 1" a sound test.
 */
export class ReviewEventsSource implements LiveFeedSource {
  constructor(
    private readonly reviewId: number,
    public cursor: number,
    private readonly deliver: (events: ReviewEvent[]) => void,
    private readonly readPage: ReadEventsPage = readEventsPage,
  ) {}

  streamUrl(): string {
    return apiPaths.reviewStream(this.reviewId, this.cursor);
  }

  wsTopic(): string {
    return reviewTopic(this.reviewId);
  }

  wsAfter(): number {
    return this.cursor;
  }

  async applyFrame(frame: SseFrame): Promise<'continue' | 'end'> {
    if (frame.event === 'end') {
      const { lastSeq } = JSON.parse(frame.data) as { lastSeq?: number };
      // Without a lastSeq (a WebSocket `end` may not name it), read to the end of the log.
      await this.readAfterCursor(typeof lastSeq === 'number' ? lastSeq : Number.POSITIVE_INFINITY);
      return 'end';
    }
    const event = JSON.parse(frame.data) as ReviewEvent;
    if (event.seq <= this.cursor) return 'continue';
    if (event.seq > this.cursor + 1) await this.readAfterCursor(event.seq - 1);
    if (event.seq === this.cursor + 1) {
      this.deliver([event]);
      this.cursor = event.seq;
    }
    return 'continue';
  }

  async poll(): Promise<'continue' | 'end'> {
    const status = await this.readAfterCursor(Number.POSITIVE_INFINITY);
    const finished = isApiStatus(status.reviewStatus) && isTerminal(status.reviewStatus);
    return status.caughtUp && finished ? 'end' : 'continue';
  }

  /** Reads events after the cursor up to `target` (inclusive) or the end of the log. */
  private async readAfterCursor(target: number): Promise<{ caughtUp: boolean; reviewStatus: string }> {
    let reviewStatus = 'running';
    for (let page = 0; page < MAX_PAGES_PER_ROUND && this.cursor < target; page++) {
      const response = await this.readPage(apiPaths.reviewEvents(this.reviewId, { after: this.cursor, limit: PAGE }));
      reviewStatus = response.reviewStatus;
      const fresh = response.events.filter((event) => event.seq > this.cursor && event.seq <= target);
      if (fresh.length > 0) {
        this.deliver(fresh);
        this.cursor = fresh[fresh.length - 1]!.seq;
      }
      if (!response.hasMore || response.events.length === 0) return { caughtUp: true, reviewStatus };
    }
    return { caughtUp: this.cursor >= target, reviewStatus };
  }
}
