import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Connector, IntegrationToken } from '@reviewtrace/contracts';
import { ApiError, apiRequest } from '../../lib/http.ts';
import { apiPaths } from '../../lib/paths.ts';

/** Shared with the reviews list's "New review" picker: a change here must refresh it too. */
export const connectorsKey = ['connectors'] as const;
export const tokensKey = ['integration-tokens'] as const;

export interface ConnectorInput {
  providerType: 'ollama' | 'openai' | 'gemini';
  name: string;
  baseUrl: string;
  model: string;
  streaming: boolean;
  postComments: boolean;
  /** Omitted: keep the stored key; null: remove it (edits only). */
  apiKey?: string | null;
}

export interface TokenInput {
  provider?: 'github' | 'gitlab';
  name: string;
  providerUrl: string;
  /** Omitted on edit: keep the stored token. */
  token?: string;
}

export interface ConnectorTestResult {
  ok: boolean;
  category?: string;
  message: string;
  latencyMs: number;
}

export function useConnectorList() {
  return useQuery({
    queryKey: connectorsKey,
    queryFn: ({ signal }) => apiRequest<{ items: Connector[] }>(apiPaths.connectors(), { signal }),
  });
}

export function useTokenList(enabled: boolean) {
  return useQuery({
    queryKey: tokensKey,
    queryFn: ({ signal }) => apiRequest<{ items: IntegrationToken[] }>(apiPaths.integrationTokens(), { signal }),
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
        ? apiRequest<Connector>(apiPaths.connectors(), { method: 'POST', body: input })
        : apiRequest<Connector>(apiPaths.connector(id), { method: 'PATCH', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectorsKey }),
  });
}

export function useDeleteConnector() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiRequest<void>(apiPaths.connector(id), { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectorsKey }),
  });
}

export function useTestConnector() {
  return useMutation({
    mutationFn: (id: number) => apiRequest<ConnectorTestResult>(apiPaths.connectorTest(id), { method: 'POST' }),
  });
}

export function useSaveToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: TokenInput }) =>
      id === undefined
        ? apiRequest<IntegrationToken>(apiPaths.integrationTokens(), { method: 'POST', body: input })
        : apiRequest<IntegrationToken>(apiPaths.integrationToken(id), { method: 'PATCH', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useDeleteToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiRequest<void>(apiPaths.integrationToken(id), { method: 'DELETE' }),
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
