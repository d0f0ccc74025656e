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

/** Whether any org exists yet (the demo seeds only an empty database). */
export async function anyOrgExists(db: Db): Promise<boolean> {
  return (await db.selectFrom('orgs').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** An org's retention in days; `null` keeps forever, `undefined` leaves the setting as it is. */
export async function setRetention(
  db: Db,
  orgId: number,
  days: { events: number | null | undefined; artifacts: number | null | undefined },
): Promise<void> {
  await db
    .updateTable('orgs')
    .set({
      ...(days.events === undefined ? {} : { event_retention_days: days.events }),
      ...(days.artifacts === undefined ? {} : { artifact_retention_days: days.artifacts }),
    })
    .where('id', '=', orgId)
    .execute();
}

/** Orgs that keep events or artifacts for a limited time (the others keep them forever). */
export async function orgsWithRetention(
  db: Db,
): Promise<{ id: number; eventRetentionDays: number | null; artifactRetentionDays: number | null }[]> {
  return db
    .selectFrom('orgs')
    .select(['id', 'event_retention_days as eventRetentionDays', 'artifact_retention_days as artifactRetentionDays'])
    .where((eb) => eb.or([eb('event_retention_days', 'is not', null), eb('artifact_retention_days', 'is not', null)]))
    .execute();
}
