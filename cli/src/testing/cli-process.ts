import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real `reviewtrace` bin, run the way `npx reviewtrace` runs it: plain Node, no loader flags. */
export const cliBin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/reviewtrace.js');

/**
 * Per test: each runs the bin a few times, and one start of Node with tsx costs about 1 s of CPU
 * (measured: ~1.0 s user+sys, against 0.1 s for bare Node). CI runs these beside the browser tests on
 * 2 cores, so a test gets room well beyond the suite's 30 s default. Not a timing assertion.
 */
export const CLI_TEST_TIMEOUT_MS = 120_000;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves once the stream's output so far matches (checked on every chunk: no polling, no sleeps). */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp): Promise<void>;
  exited: Promise<CliResult>;
}

/**
 * A clean environment: PATH and HOME so Node runs, plus what the test passes. Nothing leaks in from
 * the runner's own (CI=true, FORCE_COLOR, a developer's REVIEWTRACE_TOKEN); `undefined` leaves a name out.
 */
function cliEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const all = { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env };
  return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
}

export function startCli(args: string[], env: Record<string, string | undefined>): RunningCli {
  const child = spawn(process.execPath, [cliBin, ...args], { env: cliEnv(env), stdio: 'pipe' });
  const output = { stdout: '', stderr: '' };
  const waiters: { stream: 'stdout' | 'stderr'; pattern: RegExp; resolve(): void }[] = [];
  const settle = () => {
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(output[waiter.stream])) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout.on('data', (chunk: Buffer) => ((output.stdout += chunk.toString()), settle()));
  child.stderr.on('data', (chunk: Buffer) => ((output.stderr += chunk.toString()), settle()));
  // 'close', not 'exit': by then every byte the process wrote is in `output`.
  const exited = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => {
      for (const waiter of waiters.splice(0)) waiter.resolve();
      resolve({ code, ...output });
    }),
  );
  return {
    child,
    stdout: () => output.stdout,
    stderr: () => output.stderr,
    waitFor: (stream, pattern) =>
      new Promise<void>((resolve) => {
        waiters.push({ stream, pattern, resolve });
        settle();
      }),
    exited,
  };
}

export function runCli(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  return startCli(args, env).exited;
}
