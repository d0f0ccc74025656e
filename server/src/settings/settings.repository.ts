import type { Db } from '../db/database.ts';

/** SQL for connectors and integration tokens; always within one org. */
export async function listConnectorRows(db: Db, orgId: number) {
  return db
    .selectFrom('ai_connectors')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('connector_name')
    .orderBy('id')
    .execute();
}

export async function findConnectorRow(db: Db, orgId: number, id: number) {
  return db.selectFrom('ai_connectors').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export type ConnectorRow = NonNullable<Awaited<ReturnType<typeof findConnectorRow>>>;

export interface ConnectorValues {
  provider_name?: string;
  connector_name?: string;
  base_url?: string;
  api_key?: string | null;
  selected_model?: string;
  streaming?: boolean;
  settings?: string;
  price_per_mtok_in?: number | null;
  price_per_mtok_out?: number | null;
  max_concurrency?: number | null;
}

export async function insertConnectorRow(
  db: Db,
  orgId: number,
  values: Required<Omit<ConnectorValues, 'api_key'>> & { api_key: string | null },
) {
  return db
    .insertInto('ai_connectors')
    .values({ org_id: orgId, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateConnectorRow(db: Db, orgId: number, id: number, values: ConnectorValues) {
  return db
    .updateTable('ai_connectors')
    .set({ ...values, updated_at: new Date() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteConnectorRow(db: Db, orgId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('ai_connectors')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function listTokenRows(db: Db, orgId: number) {
  return db
    .selectFrom('integration_tokens')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('provider')
    .orderBy('id')
    .execute();
}

export async function findTokenRow(db: Db, orgId: number, id: number) {
  return db
    .selectFrom('integration_tokens')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export type TokenRow = NonNullable<Awaited<ReturnType<typeof findTokenRow>>>;

export interface TokenValues {
  provider?: string;
  connection_name?: string;
  provider_url?: string;
  token?: string;
}

export async function insertTokenRow(db: Db, orgId: number, values: Required<TokenValues>) {
  return db
    .insertInto('integration_tokens')
    .values({ org_id: orgId, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateTokenRow(db: Db, orgId: number, id: number, values: TokenValues) {
  return db
    .updateTable('integration_tokens')
    .set({ ...values, updated_at: new Date() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteTokenRow(db: Db, orgId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('integration_tokens')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Every secret the org has stored (sealed), so logs and artifacts can mask them. */
export async function orgSecretValues(db: Db, orgId: number): Promise<string[]> {
  const keys = await db
    .selectFrom('ai_connectors')
    .select('api_key as value')
    .where('org_id', '=', orgId)
    .where('api_key', 'is not', null)
    .execute();
  const tokens = await db
    .selectFrom('integration_tokens')
    .select('token as value')
    .where('org_id', '=', orgId)
    .where('token', 'is not', null)
    .execute();
  return [...keys, ...tokens].map((row) => row.value!);
}
