import { useCallback, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { EventsPageSchema, type ReviewEvent } from '@reviewtrace/contracts';
import { apiRequest } from '../../../lib/http.ts';
import { apiPaths } from '../../../lib/paths.ts';
import { openStreamingCalls, type OpenModelCall } from '../model-call-wait.ts';
import { openWaits, type OpenWait } from '../waiting-text.ts';

/** The events that open and close model calls. */
const callTypes = new Set(['model_call', 'batch', 'status']);
/** Enough recent ones to see every batch's latest call; older calls have ended. */
const TAIL = 200;
const KEEP = 500;

/**
 * The streaming calls open right now: the recent call events read once when the page opens on a
 * running review (a call that started before the snapshot), then every live one.
 */
export function useModelCallActivity(reviewId: number, running: boolean) {
  const recent = useQuery({
    queryKey: ['reviews', 'model-call-events', reviewId],
    queryFn: ({ signal }) =>
      apiRequest(EventsPageSchema, apiPaths.reviewEvents(reviewId, { type: [...callTypes].join(','), tail: TAIL }), {
        signal,
      }),
    enabled: running,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [live, setLive] = useState<ReviewEvent[]>([]);
  const add = useCallback((events: ReviewEvent[]) => {
    const relevant = events.filter((event) => callTypes.has(event.type));
    if (relevant.length > 0) setLive((previous) => [...previous, ...relevant].slice(-KEEP));
  }, []);
  const { calls, waits } = useMemo((): { calls: OpenModelCall[]; waits: OpenWait[] } => {
    // The read and the stream overlap: each seq once, in order.
    const bySeq = new Map<number, ReviewEvent>();
    for (const event of [...(recent.data?.events ?? []), ...live]) bySeq.set(event.seq, event);
    const ordered = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    return { calls: openStreamingCalls(ordered), waits: openWaits(ordered) };
  }, [recent.data, live]);
  return { calls, waits, add };
}
