import { useQuery } from '@tanstack/react-query';
import {
  ArtifactListSchema,
  EventsPageSchema,
  SummaryDownloadSchema,
  type ArtifactItem,
  type SummaryComment,
} from '@reviewtrace/contracts';
import { apiRequest } from '../../lib/http.ts';
import { apiPaths } from '../../lib/paths.ts';
import { reviewKeys } from '../reviews/api.ts';

export type { ArtifactItem, SummaryComment };

export function useArtifacts(reviewId: number, version: number) {
  return useQuery({
    queryKey: [...reviewKeys.artifacts(reviewId), version],
    queryFn: ({ signal }) => apiRequest(ArtifactListSchema, apiPaths.reviewArtifacts(reviewId), { signal }),
    placeholderData: (previous) => previous,
    // "View full" links are signed for 300 s: renew them before they expire on an open page.
    refetchInterval: 240_000,
  });
}

/** Comments come with the summary download's JSON form: one request, grouped by file on screen. */
export function useComments(reviewId: number, enabled: boolean, version: number) {
  return useQuery({
    queryKey: [...reviewKeys.summary(reviewId), version],
    queryFn: ({ signal }) => apiRequest(SummaryDownloadSchema, apiPaths.reviewSummary(reviewId, 'json'), { signal }),
    enabled,
  });
}

/** Parse outcomes (why JSON was invalid, with a raw excerpt): few per review, read by type. */
export function useParseEvents(reviewId: number, version: number) {
  return useQuery({
    queryKey: ['reviews', 'parse-events', reviewId, version],
    queryFn: ({ signal }) =>
      apiRequest(EventsPageSchema, apiPaths.reviewEvents(reviewId, { type: 'parse', limit: 200 }), { signal }),
    placeholderData: (previous) => previous,
  });
}

/** Where each finding went on the pull/merge request (`posting` events): one per finding and the summary. */
export function usePostingEvents(reviewId: number, enabled: boolean, version: number) {
  return useQuery({
    queryKey: ['reviews', 'posting-events', reviewId, version],
    queryFn: ({ signal }) =>
      apiRequest(EventsPageSchema, apiPaths.reviewEvents(reviewId, { type: 'posting', limit: 1000 }), { signal }),
    enabled,
    placeholderData: (previous) => previous,
  });
}

/**
 * The reviewed diff itself, from its `diff` artifact through the signed link the artifact list
 * gives every reader (GET /artifacts/{id}/content): no endpoint of its own. Read once per artifact.
 */
export function useDiffText(url: string | undefined, artifactId: string | undefined) {
  return useQuery({
    queryKey: ['reviews', 'diff-text', artifactId],
    queryFn: async ({ signal }) => {
      const response = await fetch(url!, { signal });
      if (!response.ok) throw new Error(`Could not load the diff (HTTP ${response.status})`);
      return response.text();
    },
    enabled: url !== undefined,
    // The signed link changes every refresh of the list; the artifact's content never does.
    staleTime: Infinity,
  });
}
