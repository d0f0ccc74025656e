import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from '../../server/src/db/database.ts';
import type { DB } from '../../server/src/db/schema.ts';

/** One statement the server sent, as Kysely compiled it, and how long it took. */
export interface CapturedStatement {
  sql: string;
  parameters: readonly unknown[];
  ms: number;
}

export interface StatementCapture {
  /** The database to start the app with: the same pool, through a Kysely that reports each query. */
  database: Database;
  /** Runs `work` (e.g. one request) and returns every statement the server ran meanwhile. */
  record(work: () => Promise<unknown>): Promise<CapturedStatement[]>;
}

/**
 * Records the SQL the app really runs, compiled by Kysely from the repository's own query builders,
 * so an EXPLAIN in the report is of that statement and not of a hand-written copy that may drift.
 * Recording is off except inside `record` (the bench requests one at a time).
 */
export function captureStatements(database: Database): StatementCapture {
  let recording: CapturedStatement[] | undefined;
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: database.pool }),
    log(event) {
      recording?.push({ sql: event.query.sql, parameters: event.query.parameters, ms: event.queryDurationMillis });
    },
  });
  // Closing stays with the original Database: both Kyselys share its pool.
  return {
    database: { ...database, db },
    async record(work) {
      recording = [];
      try {
        await work();
        return recording;
      } finally {
        recording = undefined;
      }
    },
  };
}

/**
 * `EXPLAIN (ANALYZE, BUFFERS)` of each statement that reads the reviews table, with the parameters
 * it ran with. A statement that is itself an EXPLAIN (the planner's row estimate for a total) is
 * shown as is: it plans and never executes.
 */
export async function explainStatements(database: Database, statements: CapturedStatement[]): Promise<string[]> {
  const lines: string[] = [];
  for (const statement of statements) {
    if (!/\bfrom "reviews"/i.test(statement.sql)) continue;
    lines.push(`-- ${statement.ms.toFixed(1)} ms: ${oneLine(statement.sql)}`);
    if (statement.parameters.length) lines.push(`-- parameters: ${JSON.stringify(statement.parameters)}`);
    if (/^\s*explain/i.test(statement.sql)) {
      lines.push('   (the planner’s estimate: planned, not executed)', '');
      continue;
    }
    const { rows } = await database.pool.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, buffers) ${statement.sql}`,
      [...statement.parameters],
    );
    lines.push(...rows.map((row) => `   ${row['QUERY PLAN']}`), '');
  }
  return lines;
}

const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim();
