import type { RoleName } from '@reviewtrace/contracts';

/** The role names are part of the API (`GET /me`), so contracts owns them. */
export { roleNames, type RoleName } from '@reviewtrace/contracts';

/** The permission table of api.md, in one place. */

export type Permission =
  | 'reviews:read'
  | 'reviews:write'
  | 'events:ingest'
  | 'artifacts:view_full'
  | 'settings:manage'
  | 'analytics:read'
  | 'orgs:read_all';

const ownerGrants: readonly Permission[] = [
  'reviews:read',
  'reviews:write',
  'events:ingest',
  'artifacts:view_full',
  'settings:manage',
  'analytics:read',
];

const grants: Record<RoleName, ReadonlySet<Permission>> = {
  member: new Set(['reviews:read', 'reviews:write']),
  owner: new Set(ownerGrants),
  // Everything an owner may, in every org.
  super_admin: new Set([...ownerGrants, 'orgs:read_all']),
};

export function roleAllows(role: RoleName, permission: Permission): boolean {
  return grants[role].has(permission);
}

/** When a user holds several roles in one org, the strongest one counts. */
export const roleStrength: Record<RoleName, number> = { member: 1, owner: 2, super_admin: 3 };
