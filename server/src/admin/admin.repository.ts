import type { Db } from '../db/database.ts';
import type { RoleName } from '../auth/permissions.ts';

/** Orgs, users and roles: what an operator (or the demo seed) creates before anyone can sign in. */
export async function createOrg(db: Db, name: string): Promise<number> {
  const row = await db.insertInto('orgs').values({ name }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function createUser(
  db: Db,
  user: { email: string; name?: string | null; defaultOrgId?: number | null },
): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({ email: user.email, name: user.name ?? null, default_org_id: user.defaultOrgId ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function grantRole(db: Db, userId: number, orgId: number, role: RoleName): Promise<void> {
  await db
    .insertInto('user_roles')
    .values((eb) => ({
      user_id: userId,
      org_id: orgId,
      role_id: eb.selectFrom('roles').select('id').where('name', '=', role),
    }))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function findUserId(db: Db, idOrEmail: string): Promise<number | undefined> {
  const query = db.selectFrom('users').select('id');
  const row = await (
    /^\d+$/.test(idOrEmail) ? query.where('id', '=', Number(idOrEmail)) : query.where('email', '=', idOrEmail)
  ).executeTakeFirst();
  return row ? row.id : undefined;
}

export async function orgExists(db: Db, orgId: number): Promise<boolean> {
  return (await db.selectFrom('orgs').select('id').where('id', '=', orgId).executeTakeFirst()) !== undefined;
}
