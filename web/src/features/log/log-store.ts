import { EventsPageSchema, type ReviewEvent } from '@reviewtrace/contracts';
import { apiRequest } from '../../lib/http.ts';
import { apiPaths } from '../../lib/paths.ts';
import { fetchTail, TAIL_LINES, takePrefetchedTail } from './tail-prefetch.ts';

/** Events per page: one `GET /events?after=` request, and the unit of eviction. */
export const PAGE_SIZE = 500;
/** At most this many pages stay in memory (20,000 lines), whatever the log's size (ui.md: memory bounded). */
export const MAX_PAGES = 40;

const pageOf = (seq: number) => Math.floor((seq - 1) / PAGE_SIZE);

/**
 * The unfiltered log as a sparse, seq-indexed cache. seq is gap-free per review and starts at 1,
 * so line N *is* event seq N: the panel can size a 1,000,000-line scrollbar, jump to `#L123` before
 * that line is loaded, and fetch only the pages the viewport shows (`after=` walks the seq index).
 */
export class LogStore {
  private readonly pages = new Map<number, (ReviewEvent | undefined)[]>();
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly listeners = new Set<() => void>();
  /** Bumped on every change; React reads it through useSyncExternalStore. */
  version = 0;
  /** Page indexes most recently shown first, for eviction. */
  private recent: number[] = [];
  error: string | null = null;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly reviewId: number,
    public lastSeq: number,
  ) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = () => this.version;

  get(seq: number): ReviewEvent | undefined {
    return this.pages.get(pageOf(seq))?.[(seq - 1) % PAGE_SIZE];
  }

  /** Live events from the stream: always kept (they are where a follower is looking). */
  append(events: ReviewEvent[]): void {
    for (const event of events) this.put(event);
    const last = events[events.length - 1];
    if (last && last.seq > this.lastSeq) this.lastSeq = last.seq;
    this.changed();
  }

  /** Loads whatever is missing of lines [from, to] (1-based seqs), then evicts pages far from them. */
  async ensure(from: number, to: number): Promise<void> {
    // On open the tail request is already bringing the last lines: wait for it instead of asking twice.
    await this.tail;
    const first = pageOf(Math.max(1, from));
    const last = pageOf(Math.min(Math.max(1, to), this.lastSeq));
    const loads: Promise<void>[] = [];
    for (let page = first; page <= last; page++) {
      this.touch(page);
      if (!this.isComplete(page)) loads.push(this.load(page));
    }
    await Promise.all(loads);
    this.evict();
  }

  /** The first lines shown on open: the tail, in one request (prefetched at boot for a review link). */
  loadTail(): Promise<void> {
    const prefetched = takePrefetchedTail(this.reviewId);
    if (this.lastSeq === 0) return Promise.resolve();
    this.tail = (prefetched ?? fetchTail(this.reviewId))
      .then((response) => {
        for (const event of response.events) this.put(event);
        const first = pageOf(Math.max(1, this.lastSeq - TAIL_LINES + 1));
        for (let page = first; page <= pageOf(this.lastSeq); page++) this.touch(page);
        this.changed();
      })
      .catch(() => {
        // The viewport's own page loads fetch whatever the tail could not bring.
      });
    return this.tail;
  }

  private isComplete(page: number): boolean {
    const events = this.pages.get(page);
    if (!events) return false;
    const firstSeq = page * PAGE_SIZE + 1;
    const lastSeq = Math.min(firstSeq + PAGE_SIZE - 1, this.lastSeq);
    for (let seq = firstSeq; seq <= lastSeq; seq++) if (!events[seq - firstSeq]) return false;
    return true;
  }

  private load(page: number): Promise<void> {
    const existing = this.inFlight.get(page);
    if (existing) return existing;
    const request = apiRequest(
      EventsPageSchema,
      apiPaths.reviewEvents(this.reviewId, { after: page * PAGE_SIZE, limit: PAGE_SIZE }),
    )
      .then((response) => {
        for (const event of response.events) this.put(event);
        this.error = null;
        this.changed();
      })
      .catch((error: unknown) => {
        this.error = error instanceof Error ? error.message : 'Could not load these lines';
        this.changed();
      })
      .finally(() => this.inFlight.delete(page));
    this.inFlight.set(page, request);
    return request;
  }

  private put(event: ReviewEvent) {
    const page = pageOf(event.seq);
    let events = this.pages.get(page);
    if (!events) {
      events = new Array<ReviewEvent | undefined>(PAGE_SIZE);
      this.pages.set(page, events);
    }
    events[(event.seq - 1) % PAGE_SIZE] = event;
  }

  private touch(page: number) {
    this.recent = [page, ...this.recent.filter((p) => p !== page)].slice(0, MAX_PAGES * 2);
  }

  private evict() {
    if (this.pages.size <= MAX_PAGES) return;
    const keep = new Set(this.recent.slice(0, MAX_PAGES));
    keep.add(pageOf(this.lastSeq));
    for (const page of this.pages.keys()) if (!keep.has(page)) this.pages.delete(page);
  }

  private changed() {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}
