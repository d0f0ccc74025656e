import type { Db } from '../db/database.ts';

/** SQL for alert rules. Reads from the API are always within the rule's owning org. */

export async function listRuleRows(db: Db, orgId: number) {
  // alert_rules_org_idx
  return db.selectFrom('alert_rules').selectAll().where('org_id', '=', orgId).orderBy('id').execute();
}

export async function findRuleRow(db: Db, orgId: number, id: number) {
  return db.selectFrom('alert_rules').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export type RuleRow = NonNullable<Awaited<ReturnType<typeof findRuleRow>>>;

export interface RuleValues {
  name: string;
  metric: string;
  threshold: number;
  window_minutes: number;
  min_reviews: number;
  connector_id: number | null;
  model: string | null;
  category: string | null;
  enabled: boolean;
  all_orgs: boolean;
}

export async function insertRuleRow(db: Db, orgId: number, values: RuleValues) {
  return db
    .insertInto('alert_rules')
    .values({ org_id: orgId, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateRuleRow(db: Db, orgId: number, id: number, values: Partial<RuleValues>) {
  return (
    db
      .updateTable('alert_rules')
      // An owner's edit keeps a default rule as they left it when the first endpoint arrives.
      .set({ ...values, edited: true, updated_at: new Date() })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst()
  );
}

export async function deleteRuleRow(db: Db, orgId: number, id: number): Promise<boolean> {
  const result = await db.deleteFrom('alert_rules').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The defaults were created disabled (no endpoint yet); the org's first endpoint switches them on. */
export async function enableUntouchedDefaults(db: Db, orgId: number): Promise<void> {
  await db
    .updateTable('alert_rules')
    .set({ enabled: true, updated_at: new Date() })
    .where('org_id', '=', orgId)
    .where('is_default', '=', true)
    .where('edited', '=', false)
    .execute();
}

export async function connectorInOrg(db: Db, orgId: number, connectorId: number): Promise<boolean> {
  const row = await db
    .selectFrom('ai_connectors')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', connectorId)
    .executeTakeFirst();
  return row !== undefined;
}
