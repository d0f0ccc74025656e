import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ReviewSummary } from '@reviewtrace/contracts';
import { ConnectionBadge } from '../../../components/ui/ConnectionBadge.tsx';
import { Empty, ErrorState, Loading } from '../../../components/ui/states.tsx';
import { useDocumentTitle } from '../../../lib/use-title.ts';
import { useListStream } from '../../live/hooks/useListStream.ts';
import { ConnectionContext } from '../../live/hooks/useLiveNow.ts';
import { reviewKeys, useReviewList } from '../api.ts';
import { hasFilters, parseListParams, toFilterQuery, toSearch, type ListParams } from '../list-params.ts';
import { NewReviewDialog } from './NewReviewDialog.tsx';
import { Pagination } from './Pagination.tsx';
import { ReviewsFilters } from './ReviewsFilters.tsx';
import { ReviewsTable } from './ReviewsTable.tsx';

const HIGHLIGHT_MS = 4000;

export function ReviewsPage() {
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => parseListParams(search), [search]);
  const list = useReviewList(params);
  const [fresh, setFresh] = useState<ReadonlySet<number>>(new Set());
  const [creating, setCreating] = useState(false);
  useDocumentTitle('Reviews');

  const update = useCallback(
    (change: Partial<ListParams>) => {
      // Any filter change goes back to page 1; paging itself keeps the filters.
      const next = { ...params, page: 1, ...change };
      setSearch(toSearch(next));
    },
    [params, setSearch],
  );

  const markFresh = useCallback((review: ReviewSummary) => {
    setFresh((ids) => new Set(ids).add(review.id));
    setTimeout(() => setFresh((ids) => new Set([...ids].filter((id) => id !== review.id))), HIGHLIGHT_MS);
  }, []);

  const connection = useListStream({
    filters: toFilterQuery(params),
    listKey: reviewKeys.list(params),
    showsNewestFirst: params.page === 1 && params.sort === 'created_at' && params.order === 'desc',
    onNewReview: markFresh,
  });

  return (
    <ConnectionContext value={connection}>
      <section aria-labelledby="reviews-title" className="page">
        <div className="page-head">
          <h1 id="reviews-title">Reviews</h1>
          <ConnectionBadge state={connection} />
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New review
          </button>
        </div>
        <ReviewsFilters params={params} onChange={update} />
        {list.isPending ? (
          <Loading what="reviews" />
        ) : !list.data ? (
          // A failed refresh keeps the rows on screen; the connection badge says they are not current.
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          hasFilters(params) ? (
            <Empty title="No reviews match these filters.">
              <button type="button" onClick={() => setSearch(new URLSearchParams())}>
                Clear all filters
              </button>
            </Empty>
          ) : (
            <Empty title="No reviews yet.">
              <p>Start one with “New review”: paste a pull/merge request URL or a diff.</p>
            </Empty>
          )
        ) : (
          <>
            <ReviewsTable reviews={list.data.items} params={params} onSort={update} fresh={fresh} />
            <Pagination
              data={list.data}
              params={params}
              onChange={(change) => setSearch(toSearch({ ...params, ...change }))}
            />
          </>
        )}
        {creating && <NewReviewDialog onClose={() => setCreating(false)} />}
      </section>
    </ConnectionContext>
  );
}
