import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * How busy the machine was just now: the bench shares its cores with other work, and a table whose
 * numbers were taken while other processes queued for the CPU must say so. PSI "some avg10" is the
 * share of the last 10 s in which runnable tasks waited for a CPU (Linux only).
 */
export function contentionNote(): string {
  const load = os.loadavg()[0]!.toFixed(2);
  let pressure = '';
  try {
    const match = /^some avg10=([\d.]+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    if (match) pressure = `, CPU pressure ${Math.round(Number(match[1]))}% (PSI some avg10)`;
  } catch {
    // No PSI on this kernel or platform: the load average alone.
  }
  return `machine right after measuring (the bench's own processes included): load ${load} on ${os.cpus().length} cores${pressure}`;
}

/** A reading of the machine-wide CPU counters (/proc/stat), to compare with a later one. */
export interface CpuReading {
  idle: number;
  total: number;
}

export function readMachineCpu(): CpuReading | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { idle: fields[3]! + fields[4]!, total: fields.reduce((sum, v) => sum + v, 0) };
  } catch {
    return undefined;
  }
}

/** Cores busy between two readings, everything on the machine included (other work too). */
export function busyCores(before: CpuReading | undefined, after: CpuReading | undefined): number | undefined {
  if (!before || !after || after.total === before.total) return undefined;
  return os.cpus().length * (1 - (after.idle - before.idle) / (after.total - before.total));
}
