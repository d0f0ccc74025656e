import { Command } from 'commander';
import { ConnectorListSchema, ReviewSummarySchema, type Connector } from '@reviewtrace/contracts';
import { CliError } from '../errors.ts';
import type { ApiClient } from '../http/api-client.ts';
import { printLine, sessionOf, type Io } from '../io.ts';
import { watchReview } from '../watch/watch-review.ts';

/** `reviewtrace review <PR URL> --connector <name>`: starts a review with the built-in engine (`POST /reviews`). */
export function reviewCommand(io: Io): Command {
  return new Command('review')
    .description('start a review of a pull/merge request')
    .argument('<pr-url>', 'the PR/MR URL (GitHub or GitLab; the org needs a git token for the host)')
    .requiredOption('-c, --connector <name>', 'the AI connector that reviews it (its name, or its id)')
    .option('--watch', 'then follow it until it ends')
    .option('--exit-status', 'with --watch: exit 0 on success, 1 on failure, 2 on cancel')
    .action(
      async (
        prUrl: string,
        options: { connector: string; watch?: boolean; exitStatus?: boolean },
        command: Command,
      ) => {
        const session = sessionOf(io, command);
        const connector = await findConnector(session.client, options.connector);
        const review = await session.client.postJson(ReviewSummarySchema, '/reviews', {
          prMrUrl: prUrl,
          connectorId: connector.id,
        });
        printLine(io.stdout, `Review ${review.id} ${review.status}: ${prUrl} with ${connector.name}`);
        if (options.watch)
          io.exitCode = await watchReview(session, review.id, { exitStatus: options.exitStatus === true });
      },
    );
}

/**
 * The org's connector by name (exactly, else ignoring case), or by id. Connectors are listed
 * rather than guessed so an unknown name is answered with the names that exist.
 */
async function findConnector(client: ApiClient, wanted: string): Promise<Connector> {
  const { items } = await client.getJson(ConnectorListSchema, '/connectors');
  const match =
    items.find((connector) => connector.name === wanted) ??
    items.find((connector) => connector.name.toLowerCase() === wanted.toLowerCase()) ??
    (/^\d+$/.test(wanted) ? items.find((connector) => connector.id === Number(wanted)) : undefined);
  if (match) return match;
  const known = items.length
    ? `; connectors: ${items.map((connector) => connector.name).join(', ')}`
    : '; this org has none (Settings → AI connectors)';
  throw new CliError(`no connector named "${wanted}" in this org${known}`);
}
