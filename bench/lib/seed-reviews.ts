import type { Database } from '../../server/src/db/database.ts';
import { createOrg, createUser, grantRole } from '../../server/src/admin/admin.repository.ts';
import { authors, connectorSpecs, failures, titleObjects, titleSuffixes, titleVerbs } from './seed-data.ts';
import { withClient } from '../../server/src/testing/with-client.ts';
import { buildIndexes, dropIndexesForBulkLoad } from './bulk-load.ts';

export interface SeedOptions {
  /** Reviews in the org the benchmark lists. */
  mainReviews: number;
  /** Other orgs sharing the table; together they hold mainReviews / 20 reviews (1M + 50k, 100k + 5k). */
  otherOrgs: number;
  /** The end of the one-year history; the from/to cases are computed from it too. */
  now: Date;
}

export interface SeededConnector {
  id: number;
  name: string;
  provider: string;
  model: string;
}

export interface Seeded {
  mainOrgId: number;
  ownerUserId: number;
  /** The main org's connectors, in connectorSpecs order. */
  connectors: SeededConnector[];
  totalReviews: number;
  seconds: { setup: number; insert: number; indexes: number; vacuum: number; total: number };
}

/** Every 21st generated row goes to another org: 20 main-org reviews for each other-org review. */
const OTHER_ORG_EVERY = 21;

const since = (start: number) => (performance.now() - start) / 1000;

/** Orgs, the owner, connectors through the app's own code; then the reviews in one set-based INSERT. */
export async function seedReviews(database: Database, options: SeedOptions): Promise<Seeded> {
  const started = performance.now();
  const { db, pool } = database;
  const mainOrgId = await createOrg(db, 'Bench main org');
  const otherOrgIds: number[] = [];
  for (let k = 1; k <= options.otherOrgs; k++) otherOrgIds.push(await createOrg(db, `Bench org ${k}`));
  const ownerUserId = await createUser(db, { email: 'owner@bench.test', name: 'Bench owner', defaultOrgId: mainOrgId });
  await grantRole(db, ownerUserId, mainOrgId, 'owner');

  // Connector ids flattened org by org, so the INSERT can pick one with an array subscript
  // instead of a join (a join would lose the generate_series order that keeps ids ascending in time).
  const orgIds = [mainOrgId, ...otherOrgIds];
  const connectorIds: number[] = [];
  let connectors: SeededConnector[] = [];
  for (const orgId of orgIds) {
    const rows = await db
      .insertInto('ai_connectors')
      .values(
        connectorSpecs.map((c) => ({
          org_id: orgId,
          provider_name: c.provider,
          connector_name: c.name,
          selected_model: c.model,
        })),
      )
      .returning(['id', 'connector_name'])
      .execute();
    const ids = connectorSpecs.map((c) => rows.find((r) => r.connector_name === c.name)!.id);
    connectorIds.push(...ids);
    if (orgId === mainOrgId) connectors = connectorSpecs.map((c, i) => ({ ...c, id: ids[i]! }));
  }
  const setup = since(started);

  const totalReviews = options.mainReviews + Math.floor(options.mainReviews / (OTHER_ORG_EVERY - 1));
  // One dedicated session for the bulk part: session settings stay on it, and on PGlite (a pool of
  // one) nothing else may hold the connection meanwhile, so this comes after the Kysely calls above.
  return withClient(pool, async (client) => {
    // A dozen indexes, one of them GIN: far cheaper built once after the load.
    const indexes = await dropIndexesForBulkLoad(client, 'reviews');

    let t = performance.now();
    await client.query(insertSql(totalReviews, otherOrgIds.length), [
      options.now.toISOString(),
      mainOrgId,
      otherOrgIds,
      connectorIds,
      connectorSpecs.map((c) => c.provider),
      connectorSpecs.map((c) => c.model),
      titleVerbs,
      titleObjects,
      titleSuffixes,
      authors.map(([name]) => name),
      authors.map(([, username]) => username),
      failures.map(([category]) => category),
      failures.map(([, summary]) => summary),
    ]);
    const insert = since(t);

    t = performance.now();
    await buildIndexes(client, indexes);
    const indexesS = since(t);

    // VACUUM as well as ANALYZE: it sets the visibility map, as autovacuum would on a table that has
    // been live for a year. Otherwise autovacuum's insert threshold starts it in the middle of the
    // measurements, and index-only scans (the capped counts) would visit the heap until then.
    t = performance.now();
    await client.query('vacuum (analyze) reviews');
    const vacuum = since(t);

    await client.query('reset all');
    return {
      mainOrgId,
      ownerUserId,
      connectors,
      totalReviews,
      seconds: { setup, insert, indexes: indexesS, vacuum, total: since(started) },
    };
  });
}

/** A uniform draw in [0, mod) per row and salt: hashing keeps the data identical from run to run. */
const draw = (salt: number, mod: number) => `((hashint8(i * 32 + ${salt})::bigint + 2147483648) % ${mod})`;

/** CASE over the connector weights: the connector's position in connectorSpecs, NULL for "none". */
function connectorOrdinal(): string {
  let cumulative = 0;
  // d_conn is drawn in [0, 10000): weights are percentages with two decimals.
  const arms = connectorSpecs.map(
    (c, ord) => `when d_conn < ${Math.round((cumulative += c.weight) * 100)} then ${ord}`,
  );
  return `case ${arms.join(' ')} end`;
}

/**
 * Parameters: $1 now, $2 main org, $3 other orgs, $4 connector ids (org by org), $5/$6 provider and
 * model per connector, $7–$9 title words, $10/$11 author names and usernames, $12/$13 failures.
 * Rows are generated oldest first, so ids ascend with created_at as in a real table. The snapshot
 * columns (ai_provider, ai_model) are set, so the per-row snapshot trigger's WHEN is false; the
 * statement-level status counter trigger runs once for the whole INSERT.
 */
function insertSql(total: number, otherOrgs: number): string {
  const nConn = connectorSpecs.length;
  const active = Math.max(20, Math.round(total * 0.0005)); // the newest rows are still queued or running
  return `
insert into reviews (org_id, repository, branch, commit_hash, pr_mr_url, connector_id, ai_provider, ai_model,
  status, trigger_type, user_email, provider, mr_title, author_name, author_username, created_at, started_at,
  completed_at, last_event_at, comment_count, error_summary, error_category, batches_total, batches_done, updated_at)
select org_id, repo, author_username || '/' || pr || '-change', md5(i::text),
  case git when 'github' then 'https://github.com/' || repo || '/pull/' || pr
       else 'https://gitlab.com/' || repo || '/-/merge_requests/' || pr end,
  ($4::bigint[])[1 + org_idx * ${nConn} + ord], ($5::text[])[1 + ord], ($6::text[])[1 + ord],
  status, trigger_type, author_username || '@example.com', git, title, author_name, author_username,
  created_at, started_at, completed_at,
  case when status = 'completed' or status = 'failed' or status = 'canceled' then completed_at
       when status = 'in_progress' then least($1::timestamptz, started_at + duration / 3) end,
  case when status = 'completed' then ${draw(16, 30)} else 0 end,
  case status when 'failed' then ($13::text[])[1 + d_fail] when 'canceled' then 'Canceled by a user' end,
  case status when 'failed' then ($12::text[])[1 + d_fail] when 'canceled' then 'canceled' end,
  case when started_at is not null then 1 + d_batches end,
  case status when 'completed' then 1 + d_batches when 'failed' then d_batches / 2 when 'in_progress' then d_batches / 2 else 0 end,
  coalesce(completed_at, started_at, created_at)
from (
  select *,
    case when status = 'completed' or status = 'failed' then started_at + duration
         when status = 'canceled' then coalesce(started_at, created_at) + duration / 4 end as completed_at
  from (
    select *, ${connectorOrdinal()} as ord,
      case when status = 'created' or (status = 'canceled' and ${draw(14, 100)} < 40) then null
           else created_at + make_interval(secs => 2 + ${draw(10, 600)} / 10.0) end as started_at,
      -- mostly one to five minutes, a long tail up to twenty
      make_interval(secs => 15 + power(${draw(11, 1000)} / 1000.0, 3) * 1200) as duration
    from (
      select i,
        case when i % ${OTHER_ORG_EVERY} = 0 then (i / ${OTHER_ORG_EVERY}) % ${Math.max(1, otherOrgs)} + 1 else 0 end as org_idx,
        case when i % ${OTHER_ORG_EVERY} = 0 then ($3::bigint[])[1 + (i / ${OTHER_ORG_EVERY}) % ${Math.max(1, otherOrgs)}]
             else $2::bigint end as org_id,
        ${draw(1, 10_000)} as d_conn, ${draw(12, failures.length)} as d_fail, ${draw(13, 8)} as d_batches,
        case when i > ${total - active} then (case when ${draw(2, 2)} = 0 then 'created' else 'in_progress' end)
             when ${draw(2, 1000)} < 860 then 'completed'
             when ${draw(2, 1000)} < 960 then 'failed' else 'canceled' end as status,
        case when ${draw(3, 100)} < 75 then 'github' else 'gitlab' end as git,
        'org' || (1 + ${draw(4, 20)}) || '/repo' || (1 + ${draw(5, 50)}) as repo,
        1 + ${draw(6, 5000)} as pr,
        ($7::text[])[1 + ${draw(7, titleVerbs.length)}] || ' ' || ($8::text[])[1 + ${draw(8, titleObjects.length)}]
          || ($9::text[])[1 + ${draw(9, titleSuffixes.length)}] as title,
        ($10::text[])[1 + ${draw(15, authors.length)}] as author_name,
        ($11::text[])[1 + ${draw(15, authors.length)}] as author_username,
        -- Active rows are manual: the database allows one active webhook review per PR, and random PRs may repeat.
        case when i > ${total - active} then 'manual'
             when ${draw(17, 100)} < 80 then 'webhook' when ${draw(17, 100)} < 95 then 'manual' else 'cli_diff' end as trigger_type,
        -- a year of history, evenly spread, with up to ten minutes of jitter
        $1::timestamptz - interval '365 days' * (1 - i::float8 / ${total}) - make_interval(secs => ${draw(18, 600)}) as created_at
      from generate_series(1::bigint, ${total}::bigint) as i
    ) drawn
  ) timed
) finished`;
}
