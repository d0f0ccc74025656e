import type { Db } from '../db/database.ts';

/** SQL for alert endpoints. Reads from the API are always within one org. */

export async function listEndpointRows(db: Db, orgId: number) {
  // alert_endpoints_org_idx
  return db.selectFrom('alert_endpoints').selectAll().where('org_id', '=', orgId).orderBy('id').execute();
}

export async function findEndpointRow(db: Db, orgId: number, id: number) {
  return db
    .selectFrom('alert_endpoints')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export type EndpointRow = NonNullable<Awaited<ReturnType<typeof findEndpointRow>>>;

export async function insertEndpointRow(
  db: Db,
  orgId: number,
  values: { url: string; description: string; enabled: boolean; secret: string },
) {
  return db
    .insertInto('alert_endpoints')
    .values({ org_id: orgId, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface EndpointChanges {
  url?: string;
  description?: string;
  enabled?: boolean;
  secret?: string;
  previous_secret?: string | null;
  previous_secret_until?: Date | null;
  disabled_reason?: string | null;
}

export async function updateEndpointRow(db: Db, orgId: number, id: number, values: EndpointChanges) {
  return db
    .updateTable('alert_endpoints')
    .set({ ...values, updated_at: new Date() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteEndpointRow(db: Db, orgId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('alert_endpoints')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
