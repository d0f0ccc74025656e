/**
 * "cluster" section: how a user who outgrows one process scales, under churn. 3 API processes and 2
 * workers (`ROLE=api|worker`) on one PostgreSQL (the suite's private cluster), reviews through the
 * AI simulator with a mix of healthy answers, stalled streams, rate limits and failures, SSE clients
 * spread over the API processes like a load balancer would, and a process killed (kill -9) and
 * started again every 5 s. It reports throughput, whether every review ended, whether every client
 * got every event exactly once, and commit → frame latency.
 */
import { log } from './lib/log.ts';
import { openFaultWorld } from './lib/fault-fixture.ts';
import { runCluster } from './lib/cluster-run.ts';
import { findPostgresBinaries, startPrivatePostgres } from './lib/private-postgres.ts';
import type { BenchOptions, SectionResult } from './lib/section.ts';

export async function runClusterSection(options: BenchOptions): Promise<SectionResult> {
  const bin = await findPostgresBinaries();
  if (!bin) {
    const reason = 'skipped: no PostgreSQL server binaries (initdb) under /usr/lib/postgresql/<major>/bin';
    log(`cluster: ${reason}`);
    return { section: 'cluster', tables: [{ title: 'cluster', notes: [reason], rows: [] }] };
  }
  const pg = await startPrivatePostgres(bin);
  try {
    const world = await openFaultWorld(pg);
    try {
      const plan = options.quick
        ? { reviews: 20, clients: 50, churnSeconds: 15, files: 4 }
        : { reviews: 200, clients: 500, churnSeconds: 60, files: 6 };
      return { section: 'cluster', tables: [await runCluster(world, plan, pg.version.split(' on ')[0]!)] };
    } finally {
      await world.close();
    }
  } finally {
    await pg.destroy();
  }
}
