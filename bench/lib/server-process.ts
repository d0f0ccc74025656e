import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_JWT_SECRET, benchRateLimitEnv } from './app-server.ts';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server');

/**
 * `node --import tsx` rather than the `tsx` CLI that `npm start` uses: the CLI runs the app in a child
 * of its own, and the pid whose memory we read must be the server's. The code that runs is the same.
 */
export const tsxExecArgv = ['--import', import.meta.resolve('tsx')];

/** USER_HZ: 100 on every Linux the bench runs on (`getconf CLK_TCK`). */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ServerProcess {
  pid: number;
  baseUrl: string;
  /** Resident set size now (VmRSS), in KB; undefined where /proc is not available. */
  rssKb(): Promise<number | undefined>;
  /** CPU time used so far (user + system, from /proc), ms; undefined where /proc is not available. */
  cpuMs(): Promise<number | undefined>;
  /** Asks the process for a full garbage collection (see gc-on-signal.ts) and gives it time to run. */
  collectGarbage(): Promise<void>;
  /** V8 heap in use (the app's own /metrics), to tell live objects from allocator slack in RSS. */
  heapUsedKb(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/**
 * Starts a second API process on the bench database exactly as an operator does (`server/src/main.ts`
 * with env only): its own pool, its own LISTEN connection, the default stream caps. Resolves when it
 * prints "running at http://…".
 */
export async function startServerProcess(databaseUrl: string, timeoutMs = 60_000): Promise<ServerProcess> {
  const { child, pid, baseUrl } = await spawnBenchServer({ DATABASE_URL: databaseUrl }, timeoutMs);
  return {
    pid,
    baseUrl,
    rssKb: () => rssKb(pid),
    cpuMs: () => cpuMs(pid),
    collectGarbage: async () => {
      child.kill('SIGUSR2');
      await new Promise((done) => setTimeout(done, 500));
    },
    heapUsedKb: () => heapUsedKb(baseUrl),
    stop: () => stopServer(child),
  };
}

/**
 * Spawns `server/src/main.ts` with the bench's fixed env plus `env`, with --expose-gc and the
 * SIGUSR2 hook (they only let the bench measure live memory; the app is unchanged). Resolves when it
 * prints "running at http://…"; its output is drained from then on so a full pipe never blocks it.
 */
export function spawnBenchServer(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ child: ChildProcess; pid: number; baseUrl: string }> {
  const gcHook = ['--expose-gc', '--import', import.meta.resolve('./gc-on-signal.ts')];
  const child = spawn(process.execPath, [...tsxExecArgv, ...gcHook, 'src/main.ts'], {
    cwd: serverDir,
    env: {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      JWT_SECRET: BENCH_JWT_SECRET,
      SECRETS_KEY: 'bench-secrets-key-bench-secrets-key',
      DEMO: '0',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...benchRateLimitEnv,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server process did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server process exited with ${code}:\n${output}`));
    };
    child.once('exit', onExit);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (!match || !child.pid) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      output = '';
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      child.stderr!.removeAllListeners('data');
      child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
      resolve({ child, pid: child.pid, baseUrl: match[1]! });
    });
  });
}

async function rssKb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** utime + stime (fields 14 and 15 of /proc/<pid>/stat, after the parenthesised command name). */
export async function cpuMs(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

async function heapUsedKb(baseUrl: string): Promise<number | undefined> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const match = /^nodejs_heap_size_used_bytes (\S+)$/m.exec(text);
  return match ? Number(match[1]) / 1024 : undefined;
}

/** SIGTERM (graceful: open streams are ended first), SIGKILL after 10 s. */
export function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
