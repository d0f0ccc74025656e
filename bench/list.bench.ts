/**
 * "list" section: GET /api/v1/reviews latency on a big org, through real HTTP, on PostgreSQL and on
 * PGlite (the embedded mode). Target: p95 ≤ 25 ms for every filter, page, sort and search shape.
 *
 * Beside the cases, a bare baseline measured in the same run (GET /readyz, before and after the
 * cases) shows how busy the machine was; below the table, EXPLAIN (ANALYZE, BUFFERS) of the
 * statements the slowest search case ran, captured as Kysely compiled them.
 */
import { openDatabase, type Database } from '../server/src/db/database.ts';
import { migrateToLatest } from '../server/src/db/migrator.ts';
import { startApp, timedGet, type RunningApp } from './lib/app-server.ts';
import { listCases, SEARCH_CASE, toPath, type ListCase } from './lib/list-cases.ts';
import { log } from './lib/log.ts';
import { ms } from './lib/report.ts';
import { summarize } from './lib/percentiles.ts';
import { benchDatabaseUrl, freshBenchDatabase } from './lib/postgres.ts';
import { seedReviews } from './lib/seed-reviews.ts';
import { captureStatements, explainStatements } from './lib/statement-capture.ts';
import type { BenchOptions, ResultRow, ResultTable, SectionResult } from './lib/section.ts';

const TARGET_P95_MS = 25;
const PER_PAGE = 25; // the API's default page size, which is what the UI asks for
const OTHER_ORGS = 10;

interface Plan {
  kind: 'postgres' | 'pglite';
  label: string;
  mainReviews: number;
  warmup: number;
  samples: number;
}

function plans(quick: boolean): Plan[] {
  const requests = quick ? { warmup: 3, samples: 20 } : { warmup: 5, samples: 60 };
  return [
    { kind: 'postgres', label: 'PostgreSQL', mainReviews: quick ? 20_000 : 1_000_000, ...requests },
    // PGlite is single-threaded WebAssembly: 100k reviews is already a large embedded install.
    { kind: 'pglite', label: 'PGlite (in-memory)', mainReviews: quick ? 20_000 : 100_000, ...requests },
  ];
}

export async function runList(options: BenchOptions): Promise<SectionResult> {
  const tables: ResultTable[] = [];
  const meta: Record<string, unknown> = {};
  for (const plan of plans(options.quick)) {
    const { table, seed } = await benchDatabase(plan);
    tables.push(table);
    meta[plan.kind] = { mainReviews: plan.mainReviews, seed };
  }
  return { section: 'list', tables, meta };
}

async function openPlanDatabase(plan: Plan): Promise<Database> {
  if (plan.kind === 'postgres') return freshBenchDatabase();
  const database = await openDatabase({ dataDir: 'memory' });
  await migrateToLatest(database.db);
  return database;
}

async function benchDatabase(plan: Plan) {
  const where = plan.kind === 'postgres' ? benchDatabaseUrl() : 'memory';
  log(`list · ${plan.label} (${where}): seeding ${plan.mainReviews.toLocaleString('en')} reviews…`);
  const database = await openPlanDatabase(plan);
  try {
    const now = new Date();
    const seeded = await seedReviews(database, { mainReviews: plan.mainReviews, otherOrgs: OTHER_ORGS, now });
    const s = seeded.seconds;
    const seedNote =
      `seeded ${seeded.totalReviews.toLocaleString('en')} reviews in ${s.total.toFixed(1)} s ` +
      `(insert ${s.insert.toFixed(1)} s, indexes ${s.indexes.toFixed(1)} s, vacuum+analyze ${s.vacuum.toFixed(1)} s)`;
    log(`list · ${plan.label}: ${seedNote}`);

    const middle = await database.db
      .selectFrom('reviews')
      .select(['id', 'pr_mr_url'])
      .where('org_id', '=', seeded.mainOrgId)
      .orderBy('id')
      .offset(Math.floor(plan.mainReviews / 2))
      .limit(1)
      .executeTakeFirstOrThrow();
    const capture = captureStatements(database);
    const app = await startApp(capture.database, seeded.ownerUserId);
    try {
      const first = await timedGet<{ total: number }>(app, toPath({}));
      const cases = listCases({
        seeded,
        now,
        total: first.body.total,
        someId: middle.id,
        someUrl: middle.pr_mr_url ?? 'https://github.com/org1/repo1/pull/1',
        perPage: PER_PAGE,
      });
      // One pass over every case before measuring any: the first case would otherwise also pay for
      // the JS path's first executions and a cold cache, and a broken case fails in seconds.
      for (const c of cases) await timedGet(app, toPath(c.query));
      const rows: ResultRow[] = [await measure(app, BASELINE_BEFORE, plan)];
      for (const c of cases) rows.push(await measure(app, listed(c), plan));
      rows.push(await measure(app, BASELINE_AFTER, plan));
      const slowest = rows.filter((r) => r.case.startsWith(SEARCH_CASE)).reduce((a, b) => (b.p95 > a.p95 ? b : a));
      const slowestCase = cases.find((c) => c.name === slowest.case)!;
      const statements = await capture.record(() => timedGet(app, toPath(slowestCase.query)));
      const table: ResultTable = {
        title: `list · ${plan.label} · ${plan.mainReviews.toLocaleString('en')} reviews in the listed org (+${(seeded.totalReviews - plan.mainReviews).toLocaleString('en')} in ${OTHER_ORGS} other orgs)`,
        notes: [
          seedNote,
          `${plan.warmup} warm-up + ${plan.samples} sequential requests per case, per_page=${PER_PAGE}`,
          `baseline GET /readyz p50 ${ms(rows[0]!.p50)} before the cases, ${ms(rows.at(-1)!.p50)} after: ` +
            'a busy machine shows there first',
        ],
        rows,
        appendix: [
          `slowest search case: ${slowest.case} (p95 ${ms(slowest.p95)} ms); what one request of it ran:`,
          ...(await explainStatements(database, statements)),
        ],
      };
      return { table, seed: s };
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

/** The bare round trip (routing, no auth, one `select 1`): what no list request can beat. */
const BASELINE_BEFORE: Measured = { name: 'baseline: GET /readyz (before the cases)', path: '/readyz', baseline: true };
const BASELINE_AFTER: Measured = { name: 'baseline: GET /readyz (after the cases)', path: '/readyz', baseline: true };

/** A list case, or a baseline: informational, no target. */
interface Measured {
  name: string;
  path: string;
  baseline?: boolean;
}

const listed = (c: ListCase): Measured => ({ name: c.name, path: toPath(c.query) });

interface ListBody {
  items: unknown[];
  total: number;
  totalExact: boolean;
}

/** Warm-up (plan cache, buffers, JIT of the JS path), then sequential samples: latency, not throughput. */
async function measure(app: RunningApp, c: Measured, plan: Plan): Promise<ResultRow> {
  const path = c.path;
  let last: ListBody | undefined;
  for (let i = 0; i < plan.warmup; i++) last = (await timedGet<ListBody>(app, path)).body;
  app.serverMs.delete(path);
  const samples: number[] = [];
  for (let i = 0; i < plan.samples; i++) samples.push((await timedGet<ListBody>(app, path)).ms);
  // onResponse runs after the reply is flushed: let the last hook finish before reading.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const client = summarize(samples);
  const server = summarize(app.serverMs.get(path) ?? []);
  const shape =
    last?.items === undefined
      ? 'bare round trip'
      : `${last.items.length} items, total ${last.total}${last.totalExact ? '' : ' (estimate)'}`;
  return {
    case: c.name,
    n: client.n,
    p50: client.p50,
    p95: client.p95,
    p99: client.p99,
    targetMs: c.baseline ? undefined : TARGET_P95_MS,
    pass: c.baseline ? true : client.p95 <= TARGET_P95_MS,
    serverP50: server.n ? server.p50 : undefined,
    serverP95: server.n ? server.p95 : undefined,
    detail: `${path} → ${shape}`,
  };
}
