import { useEffect, useRef, useState } from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { ReviewListResponse, ReviewSummary } from '@reviewtrace/contracts';
import { apiPaths } from '../../../lib/paths.ts';
import { initialConnection, type ConnectionState } from '../connection.ts';
import { LiveFeed } from '../live-feed.ts';
import { useTransportChoice } from '../transport-setting.ts';
import { REVIEWS_TOPIC } from '../ws-frames.ts';

/** With filters on, unknown reviews refetch the page at most this often. */
const REFETCH_THROTTLE_MS = 2000;

export interface ListStreamOptions {
  /** The list's own filters (no paging or sorting): the stream only sends reviews that match. */
  filters: Record<string, string | undefined>;
  listKey: QueryKey;
  /** New reviews go on top only where the page shows the newest first. */
  showsNewestFirst: boolean;
  onNewReview?: (review: ReviewSummary) => void;
}

/**
 * Live updates of the reviews list: `GET /reviews/stream` frames patch the cached page in place
 * (status, duration, last update), and new reviews appear on top of page 1 when sorted by newest.
 * The stream is read unfiltered (org scope only): the server sends only reviews that match a filter,
 * so a filtered stream would never say that a "running" row has finished. With filters on, a review
 * the page does not show triggers a (throttled) refetch instead of being placed by guesswork.
 * The polling fallback simply refetches the page every 5 s.
 */
export function useListStream({ filters, listKey, showsNewestFirst, onNewReview }: ListStreamOptions): ConnectionState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<ConnectionState>(initialConnection);
  const filterKey = JSON.stringify(filters);
  const listKeyText = JSON.stringify(listKey);
  // Read at frame time: a new closure each render must not reconnect the stream.
  const onNewRef = useRef(onNewReview);
  onNewRef.current = onNewReview;
  const choice = useTransportChoice();

  useEffect(() => {
    const streamFilters = JSON.parse(filterKey) as Record<string, string | undefined>;
    const key = JSON.parse(listKeyText) as QueryKey;
    let opened = 0;
    const filtered = Object.entries(streamFilters).some(([name, value]) => name !== 'org_id' && value !== undefined);
    let refetchTimer: ReturnType<typeof setTimeout> | undefined;
    const refetchSoon = () => {
      refetchTimer ??= setTimeout(() => {
        refetchTimer = undefined;
        void queryClient.invalidateQueries({ queryKey: key, exact: true });
      }, REFETCH_THROTTLE_MS);
    };
    const feed = new LiveFeed(
      {
        streamUrl: () => apiPaths.reviewsStream({ org_id: streamFilters['org_id'] }),
        wsTopic: () => REVIEWS_TOPIC,
        applyFrame: async (frame) => {
          if (frame.event !== 'review') return 'continue';
          const review = JSON.parse(frame.data) as ReviewSummary;
          queryClient.setQueryData<ReviewListResponse>(key, (page) => {
            if (!page) return page;
            const index = page.items.findIndex((item) => item.id === review.id);
            if (index >= 0) {
              const items = page.items.slice();
              items[index] = review;
              return { ...page, items };
            }
            if (!showsNewestFirst) return page;
            if (filtered) {
              refetchSoon();
              return page;
            }
            // Only what belongs on top goes there: a review created earlier (an import, a replay)
            // would be out of order, and the next refetch places it.
            const newest = page.items[0];
            if (newest && review.createdAt < newest.createdAt) return page;
            onNewRef.current?.(review);
            return { ...page, items: [review, ...page.items].slice(0, page.perPage), total: page.total + 1 };
          });
          return 'continue';
        },
        poll: async () => {
          // A failed refetch must fail the poll: swallowed, it would read as "updated just now".
          await queryClient.invalidateQueries({ queryKey: key, exact: true }, { throwOnError: true });
          return 'continue';
        },
        resync: async () => {
          // The first open follows the page load; later ones may have missed changes while down.
          if (opened++ > 0) await queryClient.invalidateQueries({ queryKey: key, exact: true });
        },
      },
      setState,
      { choice },
    );
    feed.start();
    return () => {
      feed.stop();
      clearTimeout(refetchTimer);
    };
  }, [filterKey, listKeyText, showsNewestFirst, queryClient, choice]);

  return state;
}
