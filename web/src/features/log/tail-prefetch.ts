import { EventsPageSchema, type EventsPage } from '@reviewtrace/contracts';
import { apiRequest } from '../../lib/http.ts';
import { apiPaths } from '../../lib/paths.ts';

/** Lines the log opens with: one request, also what the page prefetches at boot. */
export const TAIL_LINES = 1000;

const prefetched = new Map<number, Promise<EventsPage>>();

export const fetchTail = (reviewId: number) =>
  apiRequest(EventsPageSchema, apiPaths.reviewEvents(reviewId, { tail: TAIL_LINES }));

/** Started at boot for a `/reviews/:id` link, so the tail does not wait for the page's code and detail. */
export function prefetchTail(reviewId: number): void {
  const request = fetchTail(reviewId);
  request.catch(() => prefetched.delete(reviewId));
  prefetched.set(reviewId, request);
}

/**
 * The prefetched tail, once. Overlap with the detail's `lastSeq` is harmless either way: lines past
 * it are stored and shown when the count reaches them, lines short of it are fetched as pages.
 */
export function takePrefetchedTail(reviewId: number): Promise<EventsPage> | undefined {
  const request = prefetched.get(reviewId);
  prefetched.delete(reviewId);
  return request;
}
