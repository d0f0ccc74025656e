import { EventsPageSchema, type EventsPage } from '@reviewtrace/contracts';
import { apiRequest } from '../../lib/http.ts';

/**
 * One page of a review's events (`GET …/reviews/:id/events?…`, path from `apiPaths.reviewEvents`):
 * the network edge of the live feed's gap fill and of the log's page cache. A parameter of both, so
 * unit tests serve pages from an in-memory log instead of the network.
 */
export type ReadEventsPage = (path: string) => Promise<EventsPage>;

export const readEventsPage: ReadEventsPage = (path) => apiRequest(EventsPageSchema, path);
