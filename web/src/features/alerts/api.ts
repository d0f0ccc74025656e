import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  AlertDeliveryListSchema,
  AlertEndpointSecretSchema,
  AlertEndpointListSchema,
  AlertListSchema,
  AlertRuleListSchema,
  AlertRuleSchema,
  DemoReceivedWebhookListSchema,
  QueuedDeliverySchema,
  type AlertRuleList,
  type AlertState,
  type CreateAlertEndpointInput,
  type CreateAlertRuleInput,
  type UpdateAlertRuleInput,
} from '@reviewtrace/contracts';
import { apiRequest, apiSend } from '../../lib/http.ts';
import { apiPaths } from '../../lib/paths.ts';

const alertsKey = ['alerts'] as const;
const rulesKey = ['alert-rules'] as const;
const endpointsKey = ['alert-endpoints'] as const;

/** Owners only (members get a 403): `enabled` keeps members from asking. Refreshed every 30 s for the banner. */
export function useAlerts(state: AlertState | undefined, enabled: boolean) {
  return useQuery({
    queryKey: [...alertsKey, state ?? 'all'],
    queryFn: ({ signal }) => apiRequest(AlertListSchema, apiPaths.alerts({ state, limit: 50 }), { signal }),
    enabled,
    refetchInterval: 30_000,
  });
}

export function useAlertRules() {
  return useQuery({
    queryKey: rulesKey,
    queryFn: ({ signal }) => apiRequest(AlertRuleListSchema, apiPaths.alertRules(), { signal }),
  });
}

export function useCreateAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateAlertRuleInput) =>
      apiRequest(AlertRuleSchema, apiPaths.alertRules(), { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rulesKey }),
  });
}

export function useUpdateAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number; input: UpdateAlertRuleInput }) =>
      apiRequest(AlertRuleSchema, apiPaths.alertRule(id), { method: 'PATCH', body: input }),
    // The saved rule at once (a switch does not flip back while the list reloads), then the list.
    onSuccess: (saved) => {
      queryClient.setQueryData<AlertRuleList>(rulesKey, (list) =>
        list ? { ...list, items: list.items.map((rule) => (rule.id === saved.id ? saved : rule)) } : list,
      );
      return queryClient.invalidateQueries({ queryKey: rulesKey });
    },
  });
}

export function useDeleteAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiSend(apiPaths.alertRule(id), { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rulesKey }),
  });
}

export function useAlertEndpoints() {
  return useQuery({
    queryKey: endpointsKey,
    queryFn: ({ signal }) => apiRequest(AlertEndpointListSchema, apiPaths.alertEndpoints(), { signal }),
  });
}

/** Answers with the `whsec_…` secret, shown once; the org's default rules switch on with it. */
export function useCreateAlertEndpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateAlertEndpointInput) =>
      apiRequest(AlertEndpointSecretSchema, apiPaths.alertEndpoints(), { method: 'POST', body: input }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: endpointsKey });
      await queryClient.invalidateQueries({ queryKey: rulesKey });
    },
  });
}

export function useDeleteAlertEndpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiSend(apiPaths.alertEndpoint(id), { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: endpointsKey }),
  });
}

export function useSendTest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiRequest(QueuedDeliverySchema, apiPaths.alertEndpointTest(id), { method: 'POST' }),
    onSuccess: (_data, id) => queryClient.invalidateQueries({ queryKey: [...endpointsKey, id, 'deliveries'] }),
  });
}

/** Refreshed every 5 s while open, so a "Send test" shows its attempt without a reload. */
export function useAlertDeliveries(id: number) {
  return useQuery({
    queryKey: [...endpointsKey, id, 'deliveries'],
    queryFn: ({ signal }) => apiRequest(AlertDeliveryListSchema, apiPaths.alertEndpointDeliveries(id), { signal }),
    refetchInterval: 5_000,
  });
}

/** A new `whsec_…` secret, shown once; for 24 h the old one signs too. */
export function useRotateSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      apiRequest(AlertEndpointSecretSchema, apiPaths.alertEndpointRotateSecret(id), { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: endpointsKey }),
  });
}

/** Sends a delivery again now, with the same webhook-id. */
export function useRedeliver() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ endpointId, deliveryId }: { endpointId: number; deliveryId: number }) =>
      apiRequest(QueuedDeliverySchema, apiPaths.alertEndpointRedeliver(endpointId, deliveryId), { method: 'POST' }),
    onSuccess: (_data, { endpointId }) =>
      queryClient.invalidateQueries({ queryKey: [...endpointsKey, endpointId, 'deliveries'] }),
  });
}

/** Demo mode: what the built-in receiver got, refreshed every 5 s (it is the page's whole point). */
export function useDemoReceived() {
  return useQuery({
    queryKey: ['demo-alert-receiver'],
    queryFn: ({ signal }) => apiRequest(DemoReceivedWebhookListSchema, apiPaths.demoAlertReceiver(), { signal }),
    refetchInterval: 5_000,
  });
}
