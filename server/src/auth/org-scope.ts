/**
 * Which orgs a read may touch. Every repository function that reads review data takes one,
 * so there is no unscoped read path to forget. It comes from auth, never from a request body.
 */
export type OrgScope = { readonly kind: 'orgs'; readonly orgIds: readonly number[] } | { readonly kind: 'all' };

export const scopeToOrg = (orgId: number): OrgScope => ({ kind: 'orgs', orgIds: [orgId] });
export const scopeToOrgs = (orgIds: readonly number[]): OrgScope => ({ kind: 'orgs', orgIds });
export const allOrgsScope: OrgScope = { kind: 'all' };

/** The org ids of a scope for `org_id IN (…)`; never an empty list (which SQL rejects). */
export function scopedOrgIds(scope: Extract<OrgScope, { kind: 'orgs' }>): number[] {
  return scope.orgIds.length > 0 ? [...scope.orgIds] : [-1];
}
