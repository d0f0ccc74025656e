import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { RoleName } from './permissions.ts';

export interface UserWithMemberships {
  id: number;
  email: string;
  defaultOrgId: number | null;
  memberships: { orgId: number; role: RoleName }[];
}

/** One round trip per request: the user and every (org, role) they hold. */
export async function findUserWithMemberships(db: Db, userId: number): Promise<UserWithMemberships | undefined> {
  const result = await sql<{
    id: string;
    email: string;
    default_org_id: string | null;
    memberships: { orgId: number | string; role: RoleName }[];
  }>`
    SELECT u.id, u.email, u.default_org_id,
           coalesce(json_agg(json_build_object('orgId', ur.org_id, 'role', r.name)) FILTER (WHERE r.name IS NOT NULL), '[]') AS memberships
      FROM users u
      LEFT JOIN user_roles ur ON ur.user_id = u.id
      LEFT JOIN roles r ON r.id = ur.role_id
     WHERE u.id = ${userId}
     GROUP BY u.id`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    id: Number(row.id),
    email: row.email,
    defaultOrgId: row.default_org_id === null ? null : Number(row.default_org_id),
    memberships: row.memberships.map((m) => ({ orgId: Number(m.orgId), role: m.role })),
  };
}

export async function orgExists(db: Db, orgId: number): Promise<boolean> {
  const row = await db.selectFrom('orgs').select('id').where('id', '=', orgId).executeTakeFirst();
  return row !== undefined;
}

/** Orgs by name for the org switcher: these ids, or every org (`'all'`), at most `limit` of them. */
export async function listOrgNames(
  db: Db,
  orgIds: readonly number[] | 'all',
  limit: number,
): Promise<{ id: number; name: string | null }[]> {
  let query = db.selectFrom('orgs').select(['id', 'name']).orderBy('name').limit(limit);
  if (orgIds !== 'all') query = query.where('id', 'in', orgIds.length ? [...orgIds] : [-1]);
  return query.execute();
}
