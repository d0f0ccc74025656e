import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Runs the project's own entry points as real processes, the way an operator does. */
export const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * `node --import tsx`, as `npm start` runs it: the TypeScript loader inside the server's own process.
 * (The `tsx` CLI wrapper relays signals through a second process and SIGKILLs a child that is too
 * busy to acknowledge within 30 ms, which is not a shutdown anyone wants.)
 */
const nodeWithTsx = (script: string, args: string[] = []) =>
  [process.execPath, ['--import', 'tsx', script, ...args]] as const;

export const tempDataDir = () => mkdtempSync(path.join(tmpdir(), 'rt-data-'));

/** A clean environment: only what the test passes, plus PATH/HOME so Node runs. `undefined` unsets. */
function envWith(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const all = { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env };
  return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
}

export function runScript(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const [command, argv] = nodeWithTsx(script, args);
    const child = spawn(command, argv, { cwd: serverDir, env: envWith(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface RunningServer {
  child: ChildProcessWithoutNullStreams;
  baseUrl: string;
  output: () => string;
  /** SIGTERM; resolves with the exit code once the process has exited and its output is read. */
  stop(): Promise<number | null>;
}

/**
 * Starts `src/main.ts` and resolves once it prints its URL (or rejects with its output if it exits).
 * LOG_LEVEL is `warn` unless the test sets it (`undefined`: the server's own default).
 */
export function startServer(env: Record<string, string | undefined>): Promise<RunningServer> {
  const [command, argv] = nodeWithTsx('src/main.ts');
  const child = spawn(command, argv, { cwd: serverDir, env: envWith({ PORT: '0', LOG_LEVEL: 'warn', ...env }) });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) {
        child.stdout.off('data', onData);
        child.stdout.on('data', (more: Buffer) => (output += more.toString()));
        resolve({
          child,
          baseUrl: match[1]!,
          output: () => output,
          // 'close', not 'exit': by then every line the process wrote is in `output`.
          stop: () =>
            new Promise((done) => {
              child.once('close', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}
