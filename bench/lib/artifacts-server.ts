/**
 * The artifacts section's processes: a server process (`server/src/main.ts`, env only, as an
 * operator starts it) with the fs or the S3 store, and s3rver, a local S3-compatible server, on
 * loopback. server-process.ts starts the same process for the live section but with a fixed env;
 * here the store is chosen through ARTIFACTS / S3_* and each process gets its own DATA_DIR.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { cpuMs, spawnBenchServer, stopServer } from './server-process.ts';

/** s3rver's fixed credentials; the bucket is created when it starts. */
export const S3_BUCKET = 'reviewtrace';
const S3_CREDENTIALS = 'S3RVER';

export interface LocalS3 {
  endpoint: string;
  /** Where s3rver keeps the objects (one file per object), for the notes. */
  directory: string;
  stop(): Promise<void>;
}

/**
 * s3rver in this (the bench) process: it shares a core with the HTTP client, so S3 numbers are a
 * loopback S3 that costs CPU of its own (MD5 of every part, a file per object), not AWS.
 */
export async function startLocalS3(): Promise<LocalS3> {
  const directory = await mkdtemp(path.join(tmpdir(), 'rt-bench-s3-'));
  const s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: S3_BUCKET, configs: [] }],
  });
  const { port } = await s3.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    directory,
    async stop() {
      await s3.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export type StoreMode = 'fs' | 's3';

/** Memory of a process from /proc/<pid>/status, KB; undefined where /proc is not available. */
export interface ProcMemory {
  rssKb: number;
  /** Peak RSS since start or since the last resetPeak(). */
  hwmKb: number;
}

export interface ArtifactServer {
  pid: number;
  baseUrl: string;
  mode: StoreMode;
  memory(): Promise<ProcMemory | undefined>;
  /**
   * Resets VmHWM to the current RSS (`echo 5 > /proc/<pid>/clear_refs`), so the kernel's own peak
   * covers exactly the transfer, between samples included. False where the kernel refuses.
   */
  resetPeak(): Promise<boolean>;
  /** CPU time used so far (user + system), ms. */
  cpuMs(): Promise<number | undefined>;
  /** A full GC in the server (gc-on-signal.ts), then a pause for it to run. */
  collectGarbage(): Promise<void>;
  stop(): Promise<void>;
}

export async function readProcMemory(pid: number): Promise<ProcMemory | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return rss && hwm ? { rssKb: Number(rss[1]), hwmKb: Number(hwm[1]) } : undefined;
  } catch {
    return undefined;
  }
}

async function resetPeak(pid: number): Promise<boolean> {
  try {
    await writeFile(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** A temporary DATA_DIR, shared by the servers of one store so that one can download what another stored. */
export async function makeDataDir(mode: StoreMode): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `rt-bench-artifacts-${mode}-`));
  return { path: dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Starts `node --import tsx server/src/main.ts` on the given database with the store `mode`
 * (default stream and rate limits: the section makes a handful of requests per process). Resolves
 * when it prints "running at http://…".
 */
export async function startArtifactServer(
  databaseUrl: string,
  store: { mode: StoreMode; dataDir: string; s3?: LocalS3 },
  timeoutMs = 60_000,
): Promise<ArtifactServer> {
  const { mode, dataDir, s3 } = store;
  if (mode === 's3' && !s3) throw new Error('S3 mode needs a running local S3');
  const { child, pid, baseUrl } = await spawnBenchServer(
    {
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      ...(mode === 's3'
        ? {
            ARTIFACTS: 's3',
            S3_BUCKET,
            S3_ENDPOINT: s3!.endpoint,
            S3_ACCESS_KEY_ID: S3_CREDENTIALS,
            S3_SECRET_ACCESS_KEY: S3_CREDENTIALS,
            S3_FORCE_PATH_STYLE: '1',
          }
        : { ARTIFACTS: 'fs' }),
    },
    timeoutMs,
  );
  return {
    pid,
    baseUrl,
    mode,
    memory: () => readProcMemory(pid),
    resetPeak: () => resetPeak(pid),
    cpuMs: () => cpuMs(pid),
    collectGarbage: async () => {
      child.kill('SIGUSR2');
      await new Promise((done) => setTimeout(done, 300));
    },
    stop: () => stopServer(child),
  };
}
