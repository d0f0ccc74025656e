import { Command } from 'commander';
import { cancelCommand } from './commands/cancel.ts';
import { listCommand } from './commands/list.ts';
import { logsCommand } from './commands/logs.ts';
import { retryCommand } from './commands/retry.ts';
import { reviewCommand } from './commands/review.ts';
import { watchCommand } from './commands/watch.ts';
import { DEFAULT_SERVER_URL } from './connection.ts';
import type { Io } from './io.ts';
import { cliVersion } from './version.ts';

/** The `reviewtrace` command line: global connection flags, then one subcommand per file in commands/. */
export function buildProgram(io: Io): Command {
  const program = new Command('reviewtrace')
    .description('Reviewtrace in the terminal: list, watch and steer code reviews')
    .version(cliVersion)
    .option('--url <url>', `server URL (default: $REVIEWTRACE_URL, else ${DEFAULT_SERVER_URL})`)
    .option('--token <token>', 'API token (default: $REVIEWTRACE_TOKEN)')
    .option('--org <id>', 'act in this org (for users in more than one)')
    .option('--no-color', 'never colour the output (so does NO_COLOR=1)')
    .showHelpAfterError()
    // Usage errors are thrown back to main.ts instead of exiting mid-flight, so it picks the code.
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .addHelpText(
      'after',
      `
Exit codes: 0 done; 1 an error (printed as one line); watch --exit-status: 0 success, 1 failed, 2 canceled.`,
    );
  for (const command of [listCommand, watchCommand, logsCommand, retryCommand, cancelCommand, reviewCommand]) {
    // addCommand (unlike .command()) does not pass the program's output and exit settings down.
    program.addCommand(command(io).copyInheritedSettings(program));
  }
  return program;
}
