/**
 * "alerts" section (PostgreSQL): one evaluation cycle of AlertEvaluator — claim the period, measure
 * every enabled rule over its window, apply transitions, queue notifications — over 1,000,000
 * reviews (one year of history) and 50 rules, p95 ≤ 100 ms. Beside it, in the same run, a bare
 * baseline: 50 plain `count(*)` range reads of the same windows in one transaction, which is the
 * least any evaluation over these indexes can cost.
 */
import { sql } from 'kysely';
import { AlertEvaluator } from '../server/src/alerts/alert-evaluator.ts';
import type { Database } from '../server/src/db/database.ts';
import { latencyRow } from './lib/live-tables.ts';
import { log } from './lib/log.ts';
import { freshBenchDatabase, sectionBenchUrl } from './lib/postgres.ts';
import type { BenchOptions, SectionResult } from './lib/section.ts';
import { seedReviews, type Seeded } from './lib/seed-reviews.ts';

const RULES = 50;
const PERIOD_MS = 60_000;
const metrics = ['failure_rate', 'fallback_rate', 'error_category', 'p95_duration_ms', 'consecutive_failures'] as const;

export async function runAlerts(options: BenchOptions): Promise<SectionResult> {
  const plan = options.quick
    ? { reviews: 50_000, cycles: 15, warmup: 3 }
    : { reviews: 1_000_000, cycles: 60, warmup: 5 };
  const now = new Date();
  const database = await freshBenchDatabase(sectionBenchUrl('alerts'));
  try {
    log(`alerts: seeding ${plan.reviews} reviews`);
    const seeded = await seedReviews(database, { mainReviews: plan.reviews, otherOrgs: 5, now });
    await seedRules(database, seeded);
    let clockMs = now.getTime();
    const evaluator = new AlertEvaluator({
      db: database.db,
      clock: { now: () => clockMs, sleep: async () => undefined },
      periodMs: PERIOD_MS,
      name: 'bench',
    });
    const cycleMs: number[] = [];
    const bareMs: number[] = [];
    for (let i = 0; i < plan.warmup + plan.cycles; i++) {
      clockMs += PERIOD_MS;
      let started = performance.now();
      const result = await evaluator.runCycle();
      const elapsed = performance.now() - started;
      if (!result.ran) throw new Error('alerts: the evaluator did not claim its period');
      started = performance.now();
      await bareBaseline(database, seeded, new Date(clockMs));
      const bare = performance.now() - started;
      if (i >= plan.warmup) {
        cycleMs.push(elapsed);
        bareMs.push(bare);
      }
    }
    const alerts = await database.db
      .selectFrom('alerts')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    return {
      section: 'alerts',
      tables: [
        {
          title: `alerts · PostgreSQL · ${seeded.totalReviews.toLocaleString()} reviews · ${RULES} rules`,
          notes: [
            `seeded in ${seeded.seconds.total.toFixed(1)} s; rules: ${metrics.join(', ')} × windows 15–60 min, some per connector, 5 cross-org`,
            `alerts raised during the run: ${Number(alerts.n)}`,
          ],
          rows: [
            latencyRow('one evaluation cycle (claim + 50 rules + transitions)', cycleMs, { ms: 100 }),
            latencyRow('bare baseline: 50 count(*) window reads, one transaction', bareMs),
          ],
        },
      ],
      meta: { plan },
    };
  } finally {
    await database.close();
  }
}

/** 50 enabled rules of the main org: every metric, windows of 15–60 min, a tenth per connector, 5 cross-org. */
async function seedRules(database: Database, seeded: Seeded): Promise<void> {
  await database.db.deleteFrom('alert_rules').execute();
  await database.db
    .insertInto('alert_rules')
    .values(
      Array.from({ length: RULES }, (_, i) => {
        const metric = metrics[i % metrics.length]!;
        return {
          org_id: seeded.mainOrgId,
          all_orgs: i % 10 === 9,
          name: `bench rule ${i}`,
          metric,
          threshold: metric === 'p95_duration_ms' ? 60_000 : metric === 'consecutive_failures' ? 3 : 0.3,
          category: metric === 'error_category' ? 'timeout' : null,
          window_minutes: [15, 30, 60][i % 3]!,
          min_reviews: 1,
          connector_id: i % 10 === 3 ? seeded.connectors[i % seeded.connectors.length]!.id : null,
          enabled: true,
        };
      }),
    )
    .execute();
  await database.db
    .insertInto('alert_endpoints')
    .values({
      org_id: seeded.mainOrgId,
      url: 'http://127.0.0.1:9/bench',
      secret: 'whsec_YmVuY2hiZW5jaGJlbmNoYmVuY2hiZW5jaGJlbmNo',
    })
    .execute();
}

async function bareBaseline(database: Database, seeded: Seeded, now: Date): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    for (let i = 0; i < RULES; i++) {
      const from = new Date(now.getTime() - [15, 30, 60][i % 3]! * 60_000);
      await sql`SELECT count(*) FROM reviews WHERE org_id = ${seeded.mainOrgId} AND created_at >= ${from} AND created_at < ${now}`.execute(
        trx,
      );
    }
  });
}
