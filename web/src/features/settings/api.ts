import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ConnectorListSchema,
  ConnectorSchema,
  ConnectorTestResultSchema,
  IntegrationTokenListSchema,
  IntegrationTokenSchema,
  type CreateConnectorInput,
  type CreateIntegrationTokenInput,
  type UpdateConnectorInput,
} from '@reviewtrace/contracts';
import { ApiError, apiRequest, apiSend } from '../../lib/http.ts';
import { apiPaths } from '../../lib/paths.ts';

/** Shared with the reviews list's "New review" picker: a change here must refresh it too. */
export const connectorsKey = ['connectors'] as const;
export const tokensKey = ['integration-tokens'] as const;

/**
 * One form adds and edits: create's fields, with `apiKey` as PATCH takes it. Omitted: keep the
 * stored key; null: remove it (edits only).
 */
export type ConnectorInput = Omit<CreateConnectorInput, 'apiKey'> & Pick<UpdateConnectorInput, 'apiKey'>;

/** Create's fields; `provider` is sent on create only, and `token` is omitted on edit to keep the stored one. */
export type TokenInput = Omit<CreateIntegrationTokenInput, 'provider' | 'token'> &
  Partial<Pick<CreateIntegrationTokenInput, 'provider' | 'token'>>;

export function useConnectorList() {
  return useQuery({
    queryKey: connectorsKey,
    queryFn: ({ signal }) => apiRequest(ConnectorListSchema, apiPaths.connectors(), { signal }),
  });
}

export function useTokenList(enabled: boolean) {
  return useQuery({
    queryKey: tokensKey,
    queryFn: ({ signal }) => apiRequest(IntegrationTokenListSchema, apiPaths.integrationTokens(), { signal }),
    // Members get a 403 for git tokens; do not ask.
    enabled,
  });
}

/** Create when `id` is undefined, else PATCH; either way every list showing connectors refreshes. */
export function useSaveConnector() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: ConnectorInput }) =>
      id === undefined
        ? apiRequest(ConnectorSchema, apiPaths.connectors(), { method: 'POST', body: input })
        : apiRequest(ConnectorSchema, apiPaths.connector(id), { method: 'PATCH', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectorsKey }),
  });
}

export function useDeleteConnector() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiSend(apiPaths.connector(id), { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectorsKey }),
  });
}

export function useTestConnector() {
  return useMutation({
    mutationFn: (id: number) => apiRequest(ConnectorTestResultSchema, apiPaths.connectorTest(id), { method: 'POST' }),
  });
}

export function useSaveToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: TokenInput }) =>
      id === undefined
        ? apiRequest(IntegrationTokenSchema, apiPaths.integrationTokens(), { method: 'POST', body: input })
        : apiRequest(IntegrationTokenSchema, apiPaths.integrationToken(id), { method: 'PATCH', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useDeleteToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiSend(apiPaths.integrationToken(id), { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

/**
 * A 400's `details` as `{ name: "Too small…" }`, keyed by body field (`body.baseUrl` → `baseUrl`), so
 * each message can sit next to its input. Whatever names no field stays in the form-level alert.
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return {};
  const errors: Record<string, string> = {};
  for (const detail of error.details as { field?: unknown; message?: unknown }[]) {
    if (typeof detail.field !== 'string' || typeof detail.message !== 'string') continue;
    const field = detail.field.replace(/^body\.?/, '') || 'form';
    errors[field] ??= detail.message;
  }
  return errors;
}
