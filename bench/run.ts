/**
 * `npm run bench [-- --quick] [-- --section=list,live]`
 *
 * Runs the benchmark sections, prints one plain-text table per measured setup and writes everything
 * to bench/results/<ISO timestamp>.json. Timing never fails the run (CI runs `--quick` on shared
 * machines); only a crash exits non-zero.
 *
 * Adding a section: create bench/<name>.bench.ts exporting a SectionRunner (lib/section.ts) and add
 * one line to `sections` below. Sections are imported lazily so `--section=x` loads only x.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { log } from './lib/log.ts';
import { machineInfo } from './lib/machine.ts';
import { formatHeader, formatTable, writeResults } from './lib/report.ts';
import type { BenchOptions, SectionResult, SectionRunner } from './lib/section.ts';

const sections: Record<string, () => Promise<SectionRunner>> = {
  list: async () => (await import('./list.bench.ts')).runList,
  live: async () => (await import('./live.bench.ts')).runLive,
  engine: async () => (await import('./engine.bench.ts')).runEngine,
  artifacts: async () => (await import('./artifacts.bench.ts')).runArtifacts,
  browser: async () => (await import('./browser.bench.ts')).runBrowser,
  outbound: async () => (await import('./outbound.bench.ts')).runOutbound,
  faults: async () => (await import('./faults.bench.ts')).runFaults,
  cluster: async () => (await import('./cluster.bench.ts')).runClusterSection,
  webhooks: async () => (await import('./webhooks.bench.ts')).runWebhooks,
  overhead: async () => (await import('./overhead.bench.ts')).runOverhead,
  alerts: async () => (await import('./alerts.bench.ts')).runAlerts,
  ws: async () => (await import('./ws.bench.ts')).runWs,
  // engine, artifacts, browser: one line each.
};

/** A mistake on the command line: print the message, not a stack trace. */
class UsageError extends Error {}

interface Args extends BenchOptions {
  sections: string[];
}

function parseArgs(argv: string[]): Args {
  let quick = false;
  let only: string[] | undefined;
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg.startsWith('--section=')) only = arg.slice('--section='.length).split(',').filter(Boolean);
    else
      throw new UsageError(
        `Unknown argument ${arg}. Usage: npm run bench -- [--quick] [--section=${Object.keys(sections).join(',')}]`,
      );
  }
  const unknown = (only ?? []).filter((name) => !(name in sections));
  if (unknown.length)
    throw new UsageError(`Unknown section ${unknown.join(', ')}; known: ${Object.keys(sections).join(', ')}`);
  return { quick, sections: only ?? Object.keys(sections) };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const machine = await machineInfo();
  console.log(`${formatHeader(machine, args.quick)}\n`);

  const results: SectionResult[] = [];
  for (const name of args.sections) {
    const sectionStarted = performance.now();
    const run = await sections[name]!();
    const result = await run({ quick: args.quick });
    results.push(result);
    // Print as each section finishes: a full run takes a few minutes.
    for (const table of result.tables) console.log(`${formatTable(table)}\n`);
    log(`${name} took ${((performance.now() - sectionStarted) / 1000).toFixed(1)} s`);
  }

  const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  const file = await writeResults(resultsDir, { machine, quick: args.quick, sections: results });
  log(
    `done in ${((performance.now() - started) / 1000).toFixed(1)} s; results in ${path.relative(process.cwd(), file)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? error.message : error);
  process.exitCode = 1;
});
