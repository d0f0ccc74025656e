import { useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import {
  CancelResponseSchema,
  ConnectorListSchema,
  ReviewDetailSchema,
  ReviewListResponseSchema,
  ReviewSummarySchema,
  RetryResponseSchema,
  type CreateReviewInput,
} from '@reviewtrace/contracts';
import { apiRequest } from '../../lib/http.ts';
import { apiPaths } from '../../lib/paths.ts';
import type { ListParams } from './list-params.ts';
import { toApiQuery } from './list-params.ts';

export const reviewKeys = {
  list: (params: ListParams) => ['reviews', 'list', toApiQuery(params)] as const,
  detail: (id: number) => ['reviews', 'detail', id] as const,
  artifacts: (id: number) => ['reviews', 'artifacts', id] as const,
  summary: (id: number) => ['reviews', 'summary', id] as const,
};

export function useReviewList(params: ListParams) {
  return useQuery({
    queryKey: reviewKeys.list(params),
    queryFn: ({ signal }) => apiRequest(ReviewListResponseSchema, apiPaths.reviews(toApiQuery(params)), { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useConnectors() {
  return useQuery({
    queryKey: ['connectors'],
    queryFn: ({ signal }) => apiRequest(ConnectorListSchema, apiPaths.connectors(), { signal }),
    staleTime: 60_000,
  });
}

/** The org's latest reviews, newest first: which connector it has been using (New review's default). */
export function useRecentReviews(count: number) {
  return useQuery({
    queryKey: ['reviews', 'recent', count],
    queryFn: ({ signal }) =>
      apiRequest(ReviewListResponseSchema, apiPaths.reviews({ per_page: count, sort: 'created_at', order: 'desc' }), {
        signal,
      }),
    staleTime: 60_000,
  });
}

export function useCreateReview() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateReviewInput) =>
      apiRequest(ReviewSummarySchema, apiPaths.reviews(), { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['reviews', 'list'] }),
  });
}

/** Retry creates a new review (`retryOf` = this one); the Idempotency-Key makes a double click harmless. */
export function useRetryReview() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, key, only }: { id: number; key: string; only?: 'failed_batches' }) =>
      apiRequest(RetryResponseSchema, apiPaths.reviewRetry(id), {
        method: 'POST',
        headers: { 'idempotency-key': key },
        ...(only ? { body: { only } } : {}),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['reviews', 'list'] }),
  });
}

export function useCancelReview() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiRequest(CancelResponseSchema, apiPaths.reviewCancel(id), { method: 'POST' }),
    onSuccess: (_result, id) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['reviews', 'list'] }),
        queryClient.invalidateQueries({ queryKey: reviewKeys.detail(id) }),
      ]),
  });
}

const QUEUED_REFRESH_MS = 5_000;

export function useReviewDetail(id: number) {
  return useQuery({
    queryKey: reviewKeys.detail(id),
    queryFn: ({ signal }) => apiRequest(ReviewDetailSchema, apiPaths.review(id), { signal }),
    staleTime: 1_000,
    // A queued review has no events to say its place in line changed: read it again now and then.
    refetchInterval: (query) => (query.state.data?.status === 'queued' ? QUEUED_REFRESH_MS : false),
  });
}
