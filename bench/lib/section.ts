/**
 * The contract between run.ts and each section module (bench/<section>.bench.ts). A section gets the
 * run options and returns tables of result rows; run.ts owns printing and the JSON file, so every
 * section reports the same way and a new section is one module plus one line in run.ts.
 */
export interface BenchOptions {
  /** CI mode: small data, few requests, a whole run well under a minute. */
  quick: boolean;
}

export interface ResultRow {
  case: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  /** The latency the case must stay under, in ms (at `targetOn`); absent for an informational row. */
  targetMs?: number;
  /** Which percentile `targetMs` bounds: p95 unless said (SSE delivery is judged at p99). */
  targetOn?: 'p95' | 'p99';
  pass: boolean;
  /** Server-side time (Fastify's reply.elapsedTime) for the same requests, when measured. */
  serverP50?: number;
  serverP95?: number;
  /** What the case sent, so a slow case can be reproduced by hand. */
  detail?: string;
}

/**
 * One measured number that is not a latency distribution: a throughput, memory per stream, a ratio.
 * Percentile rows cannot carry these without inventing p50/p95/p99 for a single value.
 */
export interface MetricRow {
  case: string;
  /** What the value was computed over (events, streams, calls), when that helps reading it. */
  n?: number;
  value: number;
  /** e.g. "events/s", "KB/stream", "µs", "×". */
  unit: string;
  /** The bound it must meet; absent for an informational row (a baseline, a ratio). */
  target?: { atLeast: number } | { atMost: number };
  pass: boolean;
  detail?: string;
}

export interface ResultTable {
  /** e.g. "list · PostgreSQL · 1,000,000 reviews". */
  title: string;
  /** Free-form lines printed above the table (seeding time, data shape…). */
  notes: string[];
  /** Latency rows (ms); may be empty when the table has only metrics. */
  rows: ResultRow[];
  metrics?: MetricRow[];
  /** The fault suite's rows: what a fault did to what was running. */
  faults?: FaultRow[];
  /** Free-form lines printed below the table (e.g. the query plan of its slowest case). */
  appendix?: string[];
}

/**
 * One injected fault and its outcome. Passing means 0 lost, 0 duplicated, 0 stuck; the time to
 * recover is reported, not judged (it depends on timeouts the row names in `detail`).
 */
export interface FaultRow {
  fault: string;
  /** What was running when it struck: reviews, streams, processes. */
  running: string;
  lost: number;
  duplicated: number;
  stuck: number;
  /** From the fault to service again (readiness, streams delivering, reviews resumed), ms. */
  recoveredMs: number;
  pass: boolean;
  detail: string;
}

export interface SectionResult {
  section: string;
  tables: ResultTable[];
  /** Anything else worth keeping in the JSON file (timings, sizes). */
  meta?: Record<string, unknown>;
}

export type SectionRunner = (options: BenchOptions) => Promise<SectionResult>;
