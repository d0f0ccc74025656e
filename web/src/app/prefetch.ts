import type { QueryClient } from '@tanstack/react-query';
import { ReviewDetailSchema } from '@reviewtrace/contracts';
import { apiRequest } from '../lib/http.ts';
import { apiPaths } from '../lib/paths.ts';
import { reviewKeys } from '../features/reviews/api.ts';
import { prefetchTail } from '../features/log/tail-prefetch.ts';

/** The progress page's code, loaded lazily; the same specifier everywhere makes it one request. */
export const loadReviewPage = () => import('../features/review-page/components/ReviewPage.tsx');

/**
 * Opening a review by its link would otherwise be a waterfall: app code → /me → the page's chunk →
 * the review → its last lines. Started together at boot, they all load while /me is in flight.
 */
export function prefetchForLocation(queryClient: QueryClient, pathname: string): void {
  const match = /^\/reviews\/(\d+)$/.exec(pathname);
  if (!match) return;
  const id = Number(match[1]);
  void loadReviewPage();
  prefetchTail(id);
  void queryClient.prefetchQuery({
    queryKey: reviewKeys.detail(id),
    queryFn: ({ signal }) => apiRequest(ReviewDetailSchema, apiPaths.review(id), { signal }),
  });
}
