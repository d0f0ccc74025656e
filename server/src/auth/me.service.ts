import type { Db } from '../db/database.ts';
import { listOrgNames } from './auth.repository.ts';
import { can, type AuthContext } from './auth.service.ts';

/** Capped: a super_admin of a large install picks rarely-used orgs through the list's org filter. */
const SWITCHER_LIMIT = 200;

/** Who the caller is in the org they act in: the web app hides what the role cannot do. */
export class MeService {
  constructor(private readonly db: Db) {}

  async me(auth: AuthContext) {
    return {
      userId: auth.userId,
      email: auth.email,
      orgId: auth.orgId,
      role: auth.role,
      orgIds: auth.orgIds,
      orgs: await this.switchableOrgs(auth),
      permissions: {
        ingest: can(auth, 'events:ingest'),
        viewFullArtifacts: can(auth, 'artifacts:view_full'),
        manageSettings: can(auth, 'settings:manage'),
        readAllOrgs: can(auth, 'orgs:read_all'),
      },
    };
  }

  /** The user's memberships, or every org for a super_admin; the org they act in is always listed. */
  private async switchableOrgs(auth: AuthContext): Promise<{ id: number; name: string }[]> {
    const rows = await listOrgNames(this.db, auth.isSuperAdmin ? 'all' : auth.orgIds, SWITCHER_LIMIT);
    const orgs = rows.map((row) => ({ id: Number(row.id), name: row.name ?? `Org ${row.id}` }));
    if (!orgs.some((org) => org.id === auth.orgId)) orgs.unshift({ id: auth.orgId, name: `Org ${auth.orgId}` });
    return orgs;
  }
}
