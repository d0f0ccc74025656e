import { useQuery } from '@tanstack/react-query';
import { MeSchema, type Me, type RoleName, type SessionRequest } from '@reviewtrace/contracts';
import { apiRequest, apiSend } from '../lib/http.ts';
import { apiPaths } from '../lib/paths.ts';

export const meQueryKey = ['me'] as const;

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: ({ signal }) => apiRequest(MeSchema, apiPaths.me(), { signal }) });
}

/** For components below the signed-in shell, where `me` has loaded. */
export function useSignedInMe(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSignedInMe() used outside the signed-in shell');
  return data;
}

/**
 * The org switcher: the server reads the `rt_org` cookie for browser sessions (streams and downloads
 * cannot send X-Org-Context), so switching is a cookie write and a fresh start on the reviews list:
 * every query, open stream and cached page belonged to the other org.
 */
export function switchOrg(orgId: number) {
  document.cookie = `rt_org=${orgId}; path=/; SameSite=Lax; max-age=${60 * 60 * 24 * 365}`;
  window.location.assign('/reviews');
}

export async function signInWithToken(token: string): Promise<void> {
  const body: SessionRequest = { token };
  await apiSend(apiPaths.session(), { method: 'POST', body });
}

export async function signOut(): Promise<void> {
  await apiSend(apiPaths.signOut(), { method: 'POST' });
  document.cookie = 'rt_org=; path=/; max-age=0';
}

export const roleLabel: Record<RoleName, string> = { super_admin: 'Super admin', owner: 'Owner', member: 'Member' };
