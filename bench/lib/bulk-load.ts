import type pg from 'pg';

/**
 * Readies a session for a bulk load into `table`: bulk-load settings for this session only (the
 * measured queries run with server defaults), and the table's secondary indexes dropped, so each is
 * built once, sorted and in bulk, after the load rather than maintained row by row. The definitions
 * are read back from the catalog, so the bench always measures exactly the indexes the migrations
 * create. Returns them for `buildIndexes`.
 */
export async function dropIndexesForBulkLoad(client: pg.ClientBase, table: string): Promise<string[]> {
  await client.query("set maintenance_work_mem = '256MB'");
  await client.query('set synchronous_commit = off');
  const indexes = await client.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes
      where schemaname = 'public' and tablename = $1
        and indexname not in (select conname from pg_constraint)`,
    [table],
  );
  for (const index of indexes.rows) await client.query(`drop index "${index.indexname}"`);
  return indexes.rows.map((index) => index.indexdef);
}

/** Builds the indexes `dropIndexesForBulkLoad` dropped. */
export async function buildIndexes(client: pg.ClientBase, definitions: readonly string[]): Promise<void> {
  for (const definition of definitions) await client.query(definition);
}
