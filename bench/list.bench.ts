/**
 * "list" section: GET /api/v1/reviews latency on a big org, through real HTTP, on PostgreSQL and on
 * PGlite (the embedded mode). Target: p95 ≤ 25 ms for every filter, page and sort.
 */
import { openDatabase, type Database } from '../server/src/db/database.ts';
import { migrateToLatest } from '../server/src/db/migrator.ts';
import { startApp, timedGet, type RunningApp } from './lib/app-server.ts';
import { listCases, toPath, type ListCase } from './lib/list-cases.ts';
import { log } from './lib/log.ts';
import { summarize } from './lib/percentiles.ts';
import { benchDatabaseUrl, freshBenchDatabase } from './lib/postgres.ts';
import { seedReviews } from './lib/seed-reviews.ts';
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
      .select('id')
      .where('org_id', '=', seeded.mainOrgId)
      .orderBy('id')
      .offset(Math.floor(plan.mainReviews / 2))
      .limit(1)
      .executeTakeFirstOrThrow();
    const app = await startApp(database, seeded.ownerUserId);
    try {
      const first = await timedGet<{ total: number }>(app, toPath({}));
      const cases = listCases({ seeded, now, total: first.body.total, someId: middle.id, perPage: PER_PAGE });
      // One pass over every case before measuring any: the first case would otherwise also pay for
      // the JS path's first executions and a cold cache, and a broken case fails in seconds.
      for (const c of cases) await timedGet(app, toPath(c.query));
      const rows: ResultRow[] = [];
      for (const c of cases) rows.push(await measure(app, c, plan));
      const table: ResultTable = {
        title: `list · ${plan.label} · ${plan.mainReviews.toLocaleString('en')} reviews in the listed org (+${(seeded.totalReviews - plan.mainReviews).toLocaleString('en')} in ${OTHER_ORGS} other orgs)`,
        notes: [
          seedNote,
          `${plan.warmup} warm-up + ${plan.samples} sequential requests per case, per_page=${PER_PAGE}`,
        ],
        rows,
      };
      return { table, seed: s };
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

interface ListBody {
  items: unknown[];
  total: number;
  totalExact: boolean;
}

/** Warm-up (plan cache, buffers, JIT of the JS path), then sequential samples: latency, not throughput. */
async function measure(app: RunningApp, c: ListCase, plan: Plan): Promise<ResultRow> {
  const path = toPath(c.query);
  let last: ListBody | undefined;
  for (let i = 0; i < plan.warmup; i++) last = (await timedGet<ListBody>(app, path)).body;
  app.serverMs.delete(path);
  const samples: number[] = [];
  for (let i = 0; i < plan.samples; i++) samples.push((await timedGet<ListBody>(app, path)).ms);
  // onResponse runs after the reply is flushed: let the last hook finish before reading.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const client = summarize(samples);
  const server = summarize(app.serverMs.get(path) ?? []);
  const shape = last ? `${last.items.length} items, total ${last.total}${last.totalExact ? '' : ' (estimate)'}` : '';
  return {
    case: c.name,
    n: client.n,
    p50: client.p50,
    p95: client.p95,
    p99: client.p99,
    targetMs: TARGET_P95_MS,
    pass: client.p95 <= TARGET_P95_MS,
    serverP50: server.n ? server.p50 : undefined,
    serverP95: server.n ? server.p95 : undefined,
    detail: `${path} → ${shape}`,
  };
}
