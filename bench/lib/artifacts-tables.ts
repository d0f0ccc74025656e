/**
 * The artifacts section's report: one table per store, a throughput row and a memory row per
 * case, and notes with the raw readings of every run (baseline, peak, after GC) and CPU.
 */
import type { ArtifactsPlan } from '../artifacts.bench.ts';
import type { MeasuredTransfer } from './artifacts-memory.ts';
import type { StoreMode } from './artifacts-server.ts';
import { MIB } from './artifacts-transfer.ts';
import { metric } from './live-tables.ts';
import { summarize } from './percentiles.ts';
import type { MetricRow, ResultTable } from './section.ts';

export interface TransferCase {
  name: string;
  kind: 'upload' | 'download';
  /** One per run, each in a fresh server process. */
  runs: Omit<MeasuredTransfer<unknown>, 'result'>[];
}

const mib = (kb: number) => kb / 1024;
const fixed = (value: number, digits = 0) => (Number.isNaN(value) ? '-' : value.toFixed(digits));
const percent = (cores: number) => (Number.isNaN(cores) ? '-' : `${Math.round(cores * 100)}%`);
const median = (values: number[]) => summarize(values).p50;

export function modeTable(
  mode: StoreMode,
  plan: ArtifactsPlan,
  cases: TransferCase[],
  s3Endpoint: string,
): ResultTable {
  const sizeMib = plan.bytes / MIB;
  const judged = plan.bytes >= plan.judgeFromBytes;
  const maxDeltaMib = sizeMib * plan.maxDeltaShare;
  const notes = [
    mode === 'fs'
      ? 'store: files under DATA_DIR/artifacts (FsArtifactStore): written to a temp name, then renamed'
      : `store: S3ArtifactStore (multipart, 8 MiB parts, 2 in flight) on s3rver ${s3Endpoint}, in the bench process (shares its core with the client)`,
    `one ${sizeMib} MiB artifact per case (1 MiB chunks of diff text, the client holds one), loopback node:http; ` +
      `server: node --import tsx server/src/main.ts, PostgreSQL, default limits; ` +
      `${plan.runs} run(s) per case, each in a fresh server process after a ${plan.warmupBytes / MIB} MiB warm-up of every path`,
    'MiB/s: median over runs, request sent → 201 (upload) / last byte (download); ' +
      'memory: the server process only, worst run: baseline VmRSS after a full GC → max(VmRSS every ~50 ms, VmHWM reset before the transfer)',
    judged
      ? `design rule: a 200 MB artifact is never buffered in memory → peak − baseline ≤ ${Math.round(plan.maxDeltaShare * 100)}% of the artifact (${fixed(maxDeltaMib)} MiB)`
      : `design rule (a 200 MB artifact is never buffered) judged only from ${plan.judgeFromBytes / MIB} MiB: at ${sizeMib} MiB a ` +
        'bounded pipeline (S3 alone holds 2 × 8 MiB parts) cannot be told from one that buffers, so memory rows are informational',
  ];
  const metrics: MetricRow[] = [];
  for (const { name, runs } of cases) {
    const seconds = runs.map((r) => r.ms / 1000);
    const deltaMib = Math.max(...runs.map((r) => mib(r.peakDeltaKb)));
    metrics.push(
      metric(name, sizeMib / median(seconds), 'MiB/s', { n: runs.length }),
      metric('  server peak RSS − baseline', deltaMib, 'MiB', {
        n: runs.length,
        ...(judged ? { atMost: maxDeltaMib } : {}),
      }),
    );
    const readings = runs.map(
      (r) =>
        `${fixed(mib(r.baselineKb))}→${fixed(mib(r.baselineKb + r.peakDeltaKb))}→${fixed(mib(r.afterGcKb))} ` +
        `(${r.samples} samples, VmHWM ${fixed(mib(r.hwmPeakKb))})`,
    );
    notes.push(
      `${name}: ${seconds.map((s) => s.toFixed(2)).join(' / ')} s; RSS MiB baseline→peak→after GC ${readings.join(', ')}; ` +
        `CPU (median) server ${percent(median(runs.map((r) => r.serverCores)))}, ` +
        `bench process ${percent(median(runs.map((r) => r.benchCores)))} of a core`,
    );
  }
  return {
    title: `artifacts · ${mode === 'fs' ? 'fs store' : 'S3 store (s3rver)'} · ${sizeMib} MiB`,
    notes,
    rows: [],
    metrics,
  };
}
