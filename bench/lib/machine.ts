import os from 'node:os';
import { postgresVersion } from './postgres.ts';

/** What a reader needs to compare two result files: the same numbers on other hardware mean little. */
export interface MachineInfo {
  startedAt: string;
  cores: number;
  cpuModel: string;
  memoryGb: number;
  platform: string;
  node: string;
  postgres: string;
  /** 1/5/15-minute load averages at the start: other work on the machine shows up in p95/p99. */
  loadAverage: number[];
}

export async function machineInfo(): Promise<MachineInfo> {
  const cpus = os.cpus();
  return {
    startedAt: new Date().toISOString(),
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    postgres: await postgresVersion().catch((error: unknown) => `PostgreSQL unreachable (${String(error)})`),
  };
}
