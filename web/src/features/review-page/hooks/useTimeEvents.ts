import { useCallback, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { EventsPageSchema, type ReviewEvent } from '@reviewtrace/contracts';
import { apiRequest } from '../../../lib/http.ts';
import { apiPaths } from '../../../lib/paths.ts';
import { timeEventTypes } from '../time-breakdown.ts';

const PAGE = 1000;
/** Bounds the read of a pathological review; the bar then covers what was read. */
const MAX_PAGES = 50;
const wanted = new Set<string>(timeEventTypes);
/** Progress events come once a second per streaming call and say nothing about where time went. */
const useful = (event: ReviewEvent) => wanted.has(event.type) && event.data['phase'] !== 'progress';

/**
 * The events "where the time went" is computed from: status, batch, model_call, parse and posting
 * (not log lines), read once by type when the page opens, then every live one from the page's stream.
 */
export function useTimeEvents(reviewId: number) {
  const read = useQuery({
    queryKey: ['reviews', 'time-events', reviewId],
    queryFn: async ({ signal }) => {
      const events: ReviewEvent[] = [];
      let after = 0;
      for (let page = 0; page < MAX_PAGES; page++) {
        const {
          events: batch,
          hasMore,
          nextCursor,
        } = await apiRequest(
          EventsPageSchema,
          apiPaths.reviewEvents(reviewId, { type: timeEventTypes.join(','), after, limit: PAGE }),
          { signal },
        );
        events.push(...batch.filter(useful));
        if (!hasMore) break;
        after = nextCursor;
      }
      return events;
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [live, setLive] = useState<ReviewEvent[]>([]);
  const add = useCallback((events: ReviewEvent[]) => {
    const relevant = events.filter(useful);
    if (relevant.length > 0) setLive((previous) => [...previous, ...relevant]);
  }, []);
  const events = useMemo(() => {
    // The read and the stream overlap: each seq once.
    const bySeq = new Map<number, ReviewEvent>();
    for (const event of [...(read.data ?? []), ...live]) bySeq.set(event.seq, event);
    return [...bySeq.values()];
  }, [read.data, live]);
  return { events, loaded: read.data !== undefined, add };
}
