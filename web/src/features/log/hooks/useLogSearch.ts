import { useCallback, useEffect, useRef, useState } from 'react';
import { EventSearchResponseSchema } from '@reviewtrace/contracts';
import { apiRequest } from '../../../lib/http.ts';
import { apiPaths } from '../../../lib/paths.ts';
import type { LogFilters } from '../filtered-log.ts';

export interface LogSearch {
  query: string;
  setQuery: (query: string) => void;
  matches: number[];
  /** More matches exist past the ones fetched (shown as "57+"). */
  more: boolean;
  /** Index into `matches` of the current match, -1 before the first jump. */
  current: number;
  searching: boolean;
  error: string | null;
  next: () => Promise<number | undefined>;
  previous: () => number | undefined;
}

const DEBOUNCE_MS = 300;

/**
 * Search across the whole log on the server (the browser holds a window of it at most): matching
 * line numbers, fetched in pages as next() walks past the last one fetched.
 */
export function useLogSearch(reviewId: number, filters: LogFilters): LogSearch {
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<number[]>([]);
  const [more, setMore] = useState(false);
  const [current, setCurrent] = useState(-1);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cursor = useRef<number | null>(null);
  const generation = useRef(0);
  const filterKey = JSON.stringify(filters);

  const fetchPage = useCallback(
    async (text: string, after: number | null, gen: number) => {
      const parsed = JSON.parse(filterKey) as LogFilters;
      const page = await apiRequest(
        EventSearchResponseSchema,
        apiPaths.reviewEventSearch(reviewId, {
          q: text,
          after: after ?? undefined,
          level: parsed.levels.join(',') || undefined,
          type: parsed.types.join(',') || undefined,
          batch_id: parsed.batchIds.join(',') || undefined,
        }),
      );
      if (gen !== generation.current) return null;
      cursor.current = page.nextCursor;
      setMore(page.hasMore);
      return page.matches;
    },
    [reviewId, filterKey],
  );

  useEffect(() => {
    const text = query.trim();
    const gen = ++generation.current;
    // The old query's matches and cursor must not be walked while the new one is on its way.
    setMatches([]);
    setMore(false);
    cursor.current = null;
    setCurrent(-1);
    setError(null);
    if (!text) {
      setMatches([]);
      setMore(false);
      setSearching(false);
      return;
    }
    setSearching(true);
    const timer = setTimeout(() => {
      fetchPage(text, null, gen)
        .then((found) => found && setMatches(found))
        .catch(
          (failure: unknown) =>
            gen === generation.current && setError(failure instanceof Error ? failure.message : 'Search failed'),
        )
        .finally(() => gen === generation.current && setSearching(false));
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, fetchPage]);

  const next = useCallback(async () => {
    if (current + 1 < matches.length) {
      setCurrent(current + 1);
      return matches[current + 1];
    }
    if (more && cursor.current !== null) {
      const gen = generation.current;
      setSearching(true);
      try {
        const found = await fetchPage(query.trim(), cursor.current, gen);
        if (found && found.length) {
          setMatches([...matches, ...found]);
          setCurrent(matches.length);
          return found[0];
        }
      } catch (failure) {
        setError(failure instanceof Error ? failure.message : 'Search failed');
        return undefined;
      } finally {
        setSearching(false);
      }
    }
    if (matches.length === 0) return undefined;
    setCurrent(0); // wrap around
    return matches[0];
  }, [current, matches, more, fetchPage, query]);

  const previous = useCallback(() => {
    if (matches.length === 0) return undefined;
    const index = current <= 0 ? matches.length - 1 : current - 1;
    setCurrent(index);
    return matches[index];
  }, [current, matches]);

  return { query, setQuery, matches, more, current, searching, error, next, previous };
}
