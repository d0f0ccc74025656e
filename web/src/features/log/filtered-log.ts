import { EventsPageSchema, type EventsPage, type ReviewEvent } from '@reviewtrace/contracts';
import { apiRequest } from '../../lib/http.ts';
import { apiPaths } from '../../lib/paths.ts';

export interface LogFilters {
  levels: string[];
  types: string[];
  batchIds: string[];
}

export const noFilters: LogFilters = { levels: [], types: [], batchIds: [] };
export const isFiltered = (filters: LogFilters) =>
  filters.levels.length > 0 || filters.types.length > 0 || filters.batchIds.length > 0;

const WINDOW = 1000;
/** A filtered view keeps at most this many lines; older ones can be loaded again on demand. */
const MAX_LINES = 20_000;

/**
 * The log with level/type/batch filters: line numbers are no longer contiguous, so instead of the
 * seq-indexed cache this is a window that starts at the (filtered) tail and grows upwards on demand
 * with `before=`, using the server's filter indexes. Live events that match are appended.
 */
export class FilteredLog {
  events: ReviewEvent[] = [];
  hasOlder = false;
  loading = false;
  error: string | null = null;
  version = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly reviewId: number,
    readonly filters: LogFilters,
  ) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = () => this.version;

  matches(event: ReviewEvent): boolean {
    const { levels, types, batchIds } = this.filters;
    if (levels.length && !levels.includes(event.level ?? '')) return false;
    if (types.length && !types.includes(event.type)) return false;
    if (batchIds.length && !batchIds.includes(event.batchId ?? '')) return false;
    return true;
  }

  async loadTail(): Promise<void> {
    await this.read({ tail: WINDOW }, (page) => {
      // Live lines may have arrived while this was in flight: keep those past the page's end.
      const last = page.events[page.events.length - 1]?.seq ?? 0;
      this.events = page.events.concat(this.events.filter((event) => event.seq > last));
      this.hasOlder = page.hasMore;
    });
  }

  /** Older matching lines above the window, until it holds MAX_LINES (then narrowing the filters is the way). */
  async loadOlder(): Promise<number> {
    const first = this.events[0];
    if (!first || !this.hasOlder || this.loading || this.events.length >= MAX_LINES) return 0;
    let added = 0;
    await this.read({ before: first.seq, limit: WINDOW }, (page) => {
      added = page.events.length;
      this.events = [...page.events, ...this.events];
      this.hasOlder = page.hasMore;
    });
    return added;
  }

  get full(): boolean {
    return this.events.length >= MAX_LINES && this.hasOlder;
  }

  append(events: ReviewEvent[]): void {
    const last = this.events[this.events.length - 1]?.seq ?? 0;
    const fresh = events.filter((event) => event.seq > last && this.matches(event));
    if (fresh.length === 0) return;
    this.events = this.events.concat(fresh);
    if (this.events.length > MAX_LINES) {
      this.events = this.events.slice(this.events.length - MAX_LINES);
      this.hasOlder = true;
    }
    this.changed();
  }

  private async read(window: Record<string, number>, apply: (page: EventsPage) => void) {
    this.loading = true;
    this.changed();
    try {
      const page = await apiRequest(
        EventsPageSchema,
        apiPaths.reviewEvents(this.reviewId, {
          ...window,
          level: this.filters.levels.join(',') || undefined,
          type: this.filters.types.join(',') || undefined,
          batch_id: this.filters.batchIds.join(',') || undefined,
        }),
      );
      apply(page);
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : 'Could not load the filtered log';
    } finally {
      this.loading = false;
      this.changed();
    }
  }

  private changed() {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}
