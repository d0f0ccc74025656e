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
  /** The p95 the case must stay under, in ms. */
  targetMs: number;
  pass: boolean;
  /** Server-side time (Fastify's reply.elapsedTime) for the same requests, when measured. */
  serverP50?: number;
  serverP95?: number;
  /** What the case sent, so a slow case can be reproduced by hand. */
  detail?: string;
}

export interface ResultTable {
  /** e.g. "list · PostgreSQL · 1,000,000 reviews". */
  title: string;
  /** Free-form lines printed above the table (seeding time, data shape…). */
  notes: string[];
  rows: ResultRow[];
}

export interface SectionResult {
  section: string;
  tables: ResultTable[];
  /** Anything else worth keeping in the JSON file (timings, sizes). */
  meta?: Record<string, unknown>;
}

export type SectionRunner = (options: BenchOptions) => Promise<SectionResult>;
