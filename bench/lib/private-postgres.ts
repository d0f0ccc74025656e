import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { withClient } from '../../server/src/testing/with-client.ts';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of the fault suite's own (`initdb` into a temp dir, its own port), so it can
 * be stopped, crashed and restarted without touching the machine's database or another run.
 */
export interface PrivatePostgres {
  /** postgresql://postgres@127.0.0.1:<port>/reviewtrace_faults */
  url: string;
  version: string;
  /** Stops the server the given way and starts it again; resolves when it accepts connections. */
  restart(mode: 'fast' | 'immediate'): Promise<void>;
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Ends every backend whose last statement starts with `LISTEN` (the event bus's connection). */
  terminateListeners(): Promise<number>;
  destroy(): Promise<void>;
}

/** The newest PostgreSQL binaries of the machine (Debian's /usr/lib/postgresql/<major>/bin), if any. */
export async function findPostgresBinaries(): Promise<string | undefined> {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = (await readdir(root)).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
  const dir = majors.map((major) => path.join(root, major, 'bin')).find((bin) => existsSync(path.join(bin, 'initdb')));
  return dir;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, run its tools as the `postgres` user. */
function asDatabaseUser(binary: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
}

export async function startPrivatePostgres(bin: string): Promise<PrivatePostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rt-faults-pg-'));
  const dataDir = path.join(dir, 'data');
  if (process.getuid?.() === 0) await chown(dir, ...(await postgresIds()));
  const tool = (name: string, args: string[]) => {
    const [command, argv] = asDatabaseUser(path.join(bin, name), args);
    return run(command, argv, { timeout: 120_000 });
  };
  await tool('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  // Durability is not what this suite measures; fsync off keeps its many small commits fast.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`;
  const start = async () => {
    await tool('pg_ctl', ['-D', dataDir, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  };
  const stop = async (mode: 'fast' | 'immediate') => {
    await tool('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  };
  await start();
  const admin = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const version = await withClient(admin, async (client) => {
    await client.query('CREATE DATABASE reviewtrace_faults');
    return (await client.query<{ version: string }>('select version()')).rows[0]!.version;
  });
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/reviewtrace_faults`,
    version,
    start,
    stop,
    async restart(mode) {
      await stop(mode);
      await start();
    },
    terminateListeners: () =>
      withClient(admin, async (client) => {
        const { rows } = await client.query<{ ended: boolean }>(
          `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
            WHERE query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
        );
        return rows.filter((row) => row.ended).length;
      }),
    async destroy() {
      await stop('immediate').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function postgresIds(): Promise<[number, number]> {
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  return [Number(stdout.trim()), Number(group.trim())];
}
