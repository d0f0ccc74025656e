import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ConnectorHealthResponseSchema } from '@reviewtrace/contracts';
import { apiRequest } from '../../lib/http.ts';
import { apiPaths } from '../../lib/paths.ts';

export const healthWindows = {
  '24h': { label: 'Last 24 hours', hours: 24 },
  '7d': { label: 'Last 7 days', hours: 7 * 24 },
  '30d': { label: 'Last 30 days', hours: 30 * 24 },
} as const;
export type HealthWindow = keyof typeof healthWindows;

export const isHealthWindow = (value: string | null): value is HealthWindow =>
  value !== null && Object.hasOwn(healthWindows, value);

/**
 * Health of each connector × model. The key holds the window's name, not its timestamps: `to` is
 * "now" at fetch time, so a refetch slides the window instead of creating a new cache entry each render.
 * `orgId` undefined: the server's default (an owner's org, or every org for a super_admin).
 */
export function useConnectorHealth(window: HealthWindow, orgId: number | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['analytics', 'connectors', window, orgId ?? 'default'],
    queryFn: ({ signal }) => {
      const to = new Date();
      const from = new Date(to.getTime() - healthWindows[window].hours * 3_600_000);
      return apiRequest(
        ConnectorHealthResponseSchema,
        apiPaths.analyticsConnectors({ from: from.toISOString(), to: to.toISOString(), org_id: orgId }),
        { signal },
      );
    },
    enabled,
    staleTime: 30_000,
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });
}
