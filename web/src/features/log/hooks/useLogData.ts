import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { ReviewEvent } from '@reviewtrace/contracts';
import { FilteredLog, isFiltered, noFilters, type LogFilters } from '../filtered-log.ts';
import { LogStore } from '../log-store.ts';

export interface LogData {
  store: LogStore;
  filtered: FilteredLog | null;
  filters: LogFilters;
  setFilters: (filters: LogFilters) => void;
  /** Lines the panel shows: every seq, or the filtered window. */
  count: number;
  /** The event at a row index (undefined while its page loads). */
  eventAt: (index: number) => ReviewEvent | undefined;
  /** The line number (seq) at a row index. */
  seqAt: (index: number) => number | undefined;
  indexOfSeq: (seq: number) => number | undefined;
  append: (events: ReviewEvent[]) => void;
}

/**
 * The log's two shapes behind one interface: the seq-indexed cache of the whole log, and a filtered
 * window when level/type/batch filters are on. Live events go to both.
 */
export function useLogData(reviewId: number, initialLastSeq: number): LogData {
  const store = useMemo(() => new LogStore(reviewId, initialLastSeq), [reviewId]);
  const [filters, setFilterState] = useState<LogFilters>(noFilters);
  const [filtered, setFiltered] = useState<FilteredLog | null>(null);
  const filteredRef = useRef<FilteredLog | null>(null);

  useEffect(() => {
    void store.loadTail();
  }, [store]);

  const setFilters = useCallback(
    (next: LogFilters) => {
      setFilterState(next);
      if (!isFiltered(next)) {
        filteredRef.current = null;
        return setFiltered(null);
      }
      const log = new FilteredLog(reviewId, next);
      // Set now, not at the next render: live lines arriving in between must reach this window.
      filteredRef.current = log;
      setFiltered(log);
      void log.loadTail();
    },
    [reviewId],
  );

  const storeVersion = useSyncExternalStore(store.subscribe, store.getVersion);
  const filteredVersion = useSyncExternalStore(filtered?.subscribe ?? noopSubscribe, filtered?.getVersion ?? zero);

  const append = useCallback(
    (events: ReviewEvent[]) => {
      store.append(events);
      filteredRef.current?.append(events);
    },
    [store],
  );

  const count = filtered ? filtered.events.length : store.lastSeq;
  const eventAt = useCallback(
    (index: number) => (filtered ? filtered.events[index] : store.get(index + 1)),
    // The versions make a new function whenever the data changed, so rows re-render.
    [filtered, store, storeVersion, filteredVersion],
  );
  const seqAt = useCallback(
    (index: number) => (filtered ? filtered.events[index]?.seq : index + 1),
    [filtered, filteredVersion],
  );
  const indexOfSeq = useCallback(
    (seq: number) => {
      if (!filtered) return seq >= 1 && seq <= store.lastSeq ? seq - 1 : undefined;
      const index = binarySearch(filtered.events, seq);
      return index >= 0 ? index : undefined;
    },
    [filtered, store, filteredVersion, storeVersion],
  );

  return {
    store,
    filtered,
    filters,
    setFilters,
    count,
    eventAt,
    seqAt,
    indexOfSeq,
    append,
  };
}

function binarySearch(events: ReviewEvent[], seq: number): number {
  let low = 0;
  let high = events.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const value = events[mid]!.seq;
    if (value === seq) return mid;
    if (value < seq) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

const noopSubscribe = () => () => {};
const zero = () => 0;
