import { notFound } from '../http/errors.ts';
import { requirePermission, type AuthContext } from './auth.service.ts';
import type { Permission } from './permissions.ts';

/** What a service method needs beyond reading: a permission, and the words a 403 uses for it. */
export interface AccessRule {
  permission: Permission;
  /** Completes "Your role (member) may not …". */
  action: string;
}

/** For methods without a row to find (create, list): the permission half of the gate. */
export function requireAllowed(auth: AuthContext, rule: AccessRule): void {
  requirePermission(auth, rule.permission, rule.action);
}

export type AccessGate<T> = (auth: AuthContext, id: number, rule?: AccessRule) => Promise<T>;

/**
 * The one access check of a service method, in the manner of Immich's `requireAccess`: the
 * permission, the scoped find and the 404 in one call. `find` reads only what the caller's org
 * scope allows, so another org's row is indistinguishable from a missing one (404, never 403:
 * ids of other orgs are not confirmed).
 */
export function accessGate<T>(
  noun: string,
  find: (auth: AuthContext, id: number) => Promise<T | undefined>,
): AccessGate<T> {
  return async (auth, id, rule) => {
    if (rule) requireAllowed(auth, rule);
    const found = await find(auth, id);
    if (found === undefined) throw notFound(`${noun} ${id} not found`);
    return found;
  };
}
