import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  GitWebhookListSchema,
  GitWebhookSchema,
  GitWebhookSecretSchema,
  WebhookDeliveryPageSchema,
  type CreateGitWebhookInput,
  type DeliveryDecision,
  type UpdateGitWebhookInput,
} from '@reviewtrace/contracts';
import { apiRequest, apiSend } from '../../lib/http.ts';
import { apiPaths } from '../../lib/paths.ts';

export const webhooksKey = ['git-webhooks'] as const;

export function useWebhookList(enabled: boolean) {
  return useQuery({
    queryKey: webhooksKey,
    queryFn: ({ signal }) => apiRequest(GitWebhookListSchema, apiPaths.gitWebhooks(), { signal }),
    // Members get a 403 for git webhooks; do not ask.
    enabled,
  });
}

export function useWebhook(id: number) {
  return useQuery({
    queryKey: [...webhooksKey, id],
    queryFn: ({ signal }) => apiRequest(GitWebhookSchema, apiPaths.gitWebhook(id), { signal }),
  });
}

/** Create answers with the secret (shown once); an edit answers with the webhook, secret masked. */
export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateGitWebhookInput) =>
      apiRequest(GitWebhookSecretSchema, apiPaths.gitWebhooks(), { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKey }),
  });
}

export function useUpdateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number; input: UpdateGitWebhookInput }) =>
      apiRequest(GitWebhookSchema, apiPaths.gitWebhook(id), { method: 'PATCH', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKey }),
  });
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiSend(apiPaths.gitWebhook(id), { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKey }),
  });
}

export function useRotateWebhookSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      apiRequest(GitWebhookSecretSchema, apiPaths.gitWebhookRotateSecret(id), { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKey }),
  });
}

export const DELIVERIES_PAGE_SIZE = 50;

/**
 * A webhook's deliveries, newest first, a page at a time ("Load more" asks for the next, older one).
 * `from` opens the log at that delivery (a link from a review's page): the first page starts there.
 */
export function useDeliveries(
  webhookId: number,
  filters: { decisions: readonly DeliveryDecision[]; repository: string; from?: number },
) {
  const decision = filters.decisions.length > 0 ? [...filters.decisions].sort().join(',') : undefined;
  const repository = filters.repository.trim() || undefined;
  return useInfiniteQuery({
    queryKey: [...webhooksKey, webhookId, 'deliveries', { decision, repository, from: filters.from }],
    initialPageParam: filters.from === undefined ? undefined : filters.from + 1,
    queryFn: ({ pageParam, signal }) =>
      apiRequest(
        WebhookDeliveryPageSchema,
        apiPaths.gitWebhookDeliveries(webhookId, {
          before: pageParam,
          limit: DELIVERIES_PAGE_SIZE,
          decision,
          repository,
        }),
        { signal },
      ),
    getNextPageParam: (last) => (last.hasMore && last.nextCursor !== null ? last.nextCursor : undefined),
  });
}
