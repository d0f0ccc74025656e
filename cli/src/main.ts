import { CommanderError } from 'commander';
import { CliError } from './errors.ts';
import type { Io } from './io.ts';
import { buildProgram } from './program.ts';

/**
 * Runs one command line and returns the exit code. Expected failures are CliErrors: one line on
 * stderr, exit 1 (never a stack trace); anything else is a bug, and says so.
 */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return io.exitCode;
  } catch (error) {
    // Commander has already printed its usage error (or the help/version text it exits for).
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      io.stderr.write(`reviewtrace: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(
      `reviewtrace: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

// `reviewtrace … | head` closes the pipe early: that is the reader's choice, not an error to report.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// Ctrl-C during `watch`: take the status line off the terminal so the prompt does not land on it,
// and exit as an interrupted program does (128 + SIGINT).
process.once('SIGINT', () => {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
  process.exit(130);
});

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  exitCode: 0,
});
