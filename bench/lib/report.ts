import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FaultRow, MetricRow, ResultRow, ResultTable, SectionResult } from './section.ts';
import type { MachineInfo } from './machine.ts';

/** Milliseconds with one decimal: loopback latencies are a few ms, so integers would hide changes. */
export function ms(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? '-' : value.toFixed(1);
}

interface Column<R> {
  header: string;
  value: (row: R) => string;
  /** Numbers read best right-aligned. */
  right?: boolean;
  /** Left out when no row has a value (e.g. server-side times a case did not measure). */
  optional?: boolean;
}

const latencyColumns: Column<ResultRow>[] = [
  { header: 'case', value: (r) => r.case },
  { header: 'n', value: (r) => String(r.n), right: true },
  { header: 'p50', value: (r) => ms(r.p50), right: true },
  { header: 'p95', value: (r) => ms(r.p95), right: true },
  { header: 'p99', value: (r) => ms(r.p99), right: true },
  {
    header: 'target',
    value: (r) => (r.targetMs === undefined ? '-' : `${r.targetOn ?? 'p95'} ≤${r.targetMs}`),
    right: true,
  },
  { header: 'pass', value: (r) => (r.targetMs === undefined ? '-' : r.pass ? 'yes' : 'NO') },
  { header: 'srv p50', value: (r) => ms(r.serverP50), right: true, optional: true },
  { header: 'srv p95', value: (r) => ms(r.serverP95), right: true, optional: true },
];

/** Grouped digits for big numbers (events/s), one decimal for small ones (µs, KB, ratios). */
export function amount(value: number): string {
  if (Number.isNaN(value)) return '-';
  return Math.abs(value) >= 100 || Number.isInteger(value) ? Math.round(value).toLocaleString('en') : value.toFixed(1);
}

const metricColumns: Column<MetricRow>[] = [
  { header: 'case', value: (r) => r.case },
  { header: 'n', value: (r) => (r.n === undefined ? '-' : r.n.toLocaleString('en')), right: true },
  { header: 'measured', value: (r) => amount(r.value), right: true },
  { header: 'unit', value: (r) => r.unit },
  {
    header: 'target',
    value: (r) =>
      r.target === undefined
        ? '-'
        : 'atLeast' in r.target
          ? `≥${amount(r.target.atLeast)}`
          : `≤${amount(r.target.atMost)}`,
    right: true,
  },
  { header: 'pass', value: (r) => (r.target === undefined ? '-' : r.pass ? 'yes' : 'NO') },
];

const faultColumns: Column<FaultRow>[] = [
  { header: 'fault', value: (r) => r.fault },
  { header: 'running', value: (r) => r.running },
  { header: 'lost', value: (r) => String(r.lost), right: true },
  { header: 'dup', value: (r) => String(r.duplicated), right: true },
  { header: 'stuck', value: (r) => String(r.stuck), right: true },
  { header: 'recovered in', value: (r) => `${amount(r.recoveredMs / 1000)} s`, right: true },
  { header: 'pass', value: (r) => (r.pass ? 'yes' : 'NO') },
];

/** Plain-text rows under a header line; optional columns with no value in any row are dropped. */
function grid<R>(allColumns: Column<R>[], rows: R[]): string[] {
  const columns = allColumns.filter((c) => !c.optional || rows.some((r) => c.value(r) !== '-'));
  const cells = rows.map((row) => columns.map((c) => c.value(row)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]!.right ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join(' | ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)];
}

/** A plain-text table (no box drawing) so it survives CI logs and copy-paste into issues. */
export function formatTable(table: ResultTable): string {
  const metrics = table.metrics ?? [];
  const faults = table.faults ?? [];
  const judged = [...table.rows.filter((r) => r.targetMs !== undefined), ...metrics.filter((m) => m.target), ...faults];
  const failed = judged.filter((r) => !r.pass).length;
  const latencyNote = table.rows.length ? ' (latency in ms, client-side; srv = Fastify elapsedTime)' : '';
  return [
    `== ${table.title}`,
    ...table.notes.map((n) => `   ${n}`),
    ...(table.rows.length ? grid(latencyColumns, table.rows) : []),
    ...(table.rows.length && metrics.length ? [''] : []),
    ...(metrics.length ? grid(metricColumns, metrics) : []),
    ...(faults.length ? [...grid(faultColumns, faults), ...faults.map((f) => `   ${f.fault}: ${f.detail}`)] : []),
    `${judged.length - failed}/${judged.length} cases within target${latencyNote}`,
    ...(table.appendix ?? []).map((line) => `   ${line}`),
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
