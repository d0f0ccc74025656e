import type { Db } from '../db/database.ts';
import { badRequest, forbidden, notFound, unauthorized } from '../http/errors.ts';
import { findUserWithMemberships, orgExists } from './auth.repository.ts';
import { InvalidTokenError, type JwtCodec, toPositiveInt } from './jwt.ts';
import { allOrgsScope, scopeToOrg, type OrgScope } from './org-scope.ts';
import { roleAllows, roleNames, roleStrength, type Permission, type RoleName } from './permissions.ts';

export interface AuthContext {
  userId: number;
  email: string;
  /** The org this request acts in (X-Org-Context, else the token's current_org_id, else the default). */
  orgId: number;
  role: RoleName;
  isSuperAdmin: boolean;
  /** Orgs where the user holds a role, for the org switcher. */
  orgIds: number[];
  via: 'bearer' | 'cookie';
  /**
   * When the request's token expires (ms since the epoch): long-lived streams re-check the session by
   * then. Absent on contexts the server builds for itself (the demo runner), which have no token.
   */
  expiresAt?: number;
}

export interface Credentials {
  token: string | undefined;
  via: 'bearer' | 'cookie';
  orgHeader: string | undefined;
  /**
   * The web app's org switcher (`rt_org` cookie). Unlike the header it is a preference, not a demand:
   * an org the user has since left falls back to the claim or default instead of locking them out.
   */
  orgPreference?: string | undefined;
}

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly jwt: JwtCodec,
  ) {}

  async authenticate(credentials: Credentials): Promise<AuthContext> {
    if (!credentials.token) throw unauthorized();
    let claims;
    try {
      claims = await this.jwt.verify(credentials.token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthorized(`Invalid credentials: ${error.message}`);
      throw error;
    }
    const user = await findUserWithMemberships(this.db, claims.userId);
    if (!user) throw unauthorized('Invalid credentials: the user does not exist');

    const isSuperAdmin = user.memberships.some((m) => m.role === 'super_admin');
    const orgIds = [...new Set(user.memberships.map((m) => m.orgId))];
    const preferred = toPositiveInt(credentials.orgPreference?.trim() ?? '');
    // A super_admin may act in any org, but only in one that exists: a stale switcher cookie falls
    // back, and a header or claim naming a missing org is a 404 here rather than a foreign-key error
    // (a 500) wherever the request would write into it.
    const usablePreference =
      preferred !== undefined && (orgIds.includes(preferred) || (isSuperAdmin && (await orgExists(this.db, preferred))))
        ? preferred
        : undefined;
    const orgId = this.chooseOrg(
      credentials.orgHeader,
      usablePreference ?? claims.currentOrgId,
      user.defaultOrgId,
      orgIds,
    );
    const role = isSuperAdmin ? 'super_admin' : strongestRoleIn(user.memberships, orgId);
    if (!role) throw forbidden(`You are not a member of org ${orgId}`);
    if (!orgIds.includes(orgId) && orgId !== usablePreference && !(await orgExists(this.db, orgId))) {
      throw notFound(`Org ${orgId} not found`);
    }
    return {
      userId: user.id,
      email: user.email,
      orgId,
      role,
      isSuperAdmin,
      orgIds,
      via: credentials.via,
      expiresAt: claims.expiresAt,
    };
  }

  private chooseOrg(
    header: string | undefined,
    claimOrg: number | undefined,
    defaultOrg: number | null,
    memberOf: number[],
  ): number {
    if (header !== undefined) {
      const fromHeader = toPositiveInt(header.trim());
      if (fromHeader === undefined) {
        throw badRequest('X-Org-Context must be an org id', [
          { field: 'headers.x-org-context', message: 'expected a positive whole number' },
        ]);
      }
      return fromHeader;
    }
    const chosen = claimOrg ?? defaultOrg ?? (memberOf.length === 1 ? memberOf[0] : undefined);
    if (chosen === undefined) {
      throw forbidden('No org selected: send X-Org-Context, or set a default org for this user');
    }
    return chosen;
  }
}

function strongestRoleIn(memberships: { orgId: number; role: RoleName }[], orgId: number): RoleName | undefined {
  return memberships
    .filter((m) => m.orgId === orgId && roleNames.includes(m.role))
    .map((m) => m.role)
    .sort((a, b) => roleStrength[b] - roleStrength[a])[0];
}

export function can(auth: AuthContext, permission: Permission): boolean {
  return roleAllows(auth.role, permission);
}

export function requirePermission(auth: AuthContext, permission: Permission, what: string): void {
  if (!can(auth, permission)) throw forbidden(`Your role (${auth.role}) may not ${what}`);
}

/** Reads by id: a super_admin may read every org; everyone else only the org they act in. */
export function readScope(auth: AuthContext): OrgScope {
  return auth.isSuperAdmin ? allOrgsScope : scopeToOrg(auth.orgId);
}
