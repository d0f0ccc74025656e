/**
 * "faults" section: what production does to a running Reviewtrace, and what it loses. Every row runs
 * real server processes (`server/src/main.ts`, as an operator starts them) on a PostgreSQL cluster
 * the suite starts itself (initdb into a temp dir, its own port), so it can restart and crash the
 * database without touching anything else. Each row counts, against the store, what SSE clients
 * lost or received twice and what was left stuck; the target for every row is 0, 0, 0.
 */
import { log } from './lib/log.ts';
import { openFaultWorld, type FaultWorld } from './lib/fault-fixture.ts';
import {
  apiProcessKilled,
  forcedDisconnects,
  fullSize,
  listenerLost,
  postgresRestarted,
  quickSize,
  slowConsumer,
  workerKilled,
  type FaultSize,
} from './lib/fault-rows.ts';
import { findPostgresBinaries, startPrivatePostgres } from './lib/private-postgres.ts';
import type { BenchOptions, FaultRow, SectionResult } from './lib/section.ts';

const rows: [string, (world: FaultWorld, size: FaultSize) => Promise<FaultRow>][] = [
  ['PostgreSQL fast restart', (world, size) => postgresRestarted(world, size, 'fast')],
  ['PostgreSQL immediate restart', (world, size) => postgresRestarted(world, size, 'immediate')],
  ['listener lost', listenerLost],
  ['API process killed', apiProcessKilled],
  ['worker killed', workerKilled],
  ['forced disconnects', forcedDisconnects],
  ['slow consumer', slowConsumer],
];

export async function runFaults(options: BenchOptions): Promise<SectionResult> {
  const bin = await findPostgresBinaries();
  if (!bin) {
    const reason = 'skipped: no PostgreSQL server binaries (initdb) under /usr/lib/postgresql/<major>/bin';
    log(`faults: ${reason}`);
    return { section: 'faults', tables: [{ title: 'faults', notes: [reason], rows: [], faults: [] }] };
  }
  const size = options.quick ? quickSize : fullSize;
  const pg = await startPrivatePostgres(bin);
  const results: FaultRow[] = [];
  try {
    const world = await openFaultWorld(pg);
    try {
      for (const [name, run] of rows) {
        log(`faults: ${name}`);
        results.push(await run(world, size));
      }
    } finally {
      await world.close();
    }
  } finally {
    await pg.destroy();
  }
  return {
    section: 'faults',
    tables: [
      {
        title: `faults · private ${pg.version.split(' on ')[0]} · real server processes`,
        notes: [
          `${size.reviews} reviews of ${size.files} files each through the AI simulator (streaming, 30 ms a chunk), ` +
            `${size.clients} SSE clients (a browser's EventSource: Last-Event-ID, retry: capped at 0.5 s)`,
          'lost = seqs in the store a client never received; dup = received twice or out of order; ' +
            'stuck = reviews not terminal, gaps in the stored seqs, streams that never ended, or the row’s own check',
        ],
        rows: [],
        faults: results,
      },
    ],
  };
}
