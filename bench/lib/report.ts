import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResultRow, ResultTable, SectionResult } from './section.ts';
import type { MachineInfo } from './machine.ts';

/** Milliseconds with one decimal: loopback latencies are a few ms, so integers would hide changes. */
export function ms(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? '-' : value.toFixed(1);
}

interface Column {
  header: string;
  value: (row: ResultRow) => string;
  /** Numbers read best right-aligned. */
  right?: boolean;
}

const columns: Column[] = [
  { header: 'case', value: (r) => r.case },
  { header: 'n', value: (r) => String(r.n), right: true },
  { header: 'p50', value: (r) => ms(r.p50), right: true },
  { header: 'p95', value: (r) => ms(r.p95), right: true },
  { header: 'p99', value: (r) => ms(r.p99), right: true },
  { header: 'target', value: (r) => `≤${r.targetMs}`, right: true },
  { header: 'pass', value: (r) => (r.pass ? 'yes' : 'NO') },
  { header: 'srv p50', value: (r) => ms(r.serverP50), right: true },
  { header: 'srv p95', value: (r) => ms(r.serverP95), right: true },
];

/** A plain-text table (no box drawing) so it survives CI logs and copy-paste into issues. */
export function formatTable(table: ResultTable): string {
  const cells = table.rows.map((row) => columns.map((c) => c.value(row)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]!.right ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join(' | ')
      .trimEnd();
  const failed = table.rows.filter((r) => !r.pass).length;
  return [
    `== ${table.title}`,
    ...table.notes.map((n) => `   ${n}`),
    line(columns.map((c) => c.header)),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...cells.map(line),
    `${table.rows.length - failed}/${table.rows.length} cases within target (latency in ms, client-side; srv = Fastify elapsedTime)`,
  ].join('\n');
}

export function formatHeader(machine: MachineInfo, quick: boolean): string {
  return [
    `Reviewtrace bench ${quick ? '(quick)' : '(full)'} · ${machine.startedAt}`,
    `machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGb} GB RAM, ${machine.platform}, load ${machine.loadAverage.join(' / ')}`,
    `node ${machine.node} · ${machine.postgres}`,
  ].join('\n');
}

/** One JSON file per run; bench/results/*.json is gitignored, the folder is kept by .gitkeep. */
export async function writeResults(
  dir: string,
  payload: { machine: MachineInfo; quick: boolean; sections: SectionResult[] },
): Promise<string> {
  await mkdir(dir, { recursive: true });
  // Colons are not allowed in Windows file names; keep the ISO timestamp otherwise intact.
  const file = path.join(dir, `${payload.machine.startedAt.replace(/:/g, '-')}.json`);
  // Microsecond precision is plenty for loopback latencies and keeps the file readable.
  const round = (_key: string, value: unknown) =>
    typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;
  await writeFile(file, `${JSON.stringify(payload, round, 2)}\n`);
  return file;
}
