import { Command, Option } from 'commander';
import { apiStatuses, ReviewListResponseSchema, type ReviewSummary } from '@reviewtrace/contracts';
import { printLine, sessionOf, type Io } from '../io.ts';
import type { Colors } from '../output/colors.ts';
import { formatDuration } from '../output/durations.ts';
import { colorStatus } from '../output/status-words.ts';
import { renderTable, truncate } from '../output/table.ts';

/** `reviewtrace list`: the org's reviews, newest first, as a table (or the API's items as JSON). */
export function listCommand(io: Io): Command {
  return new Command('list')
    .description('list reviews, newest first')
    .addOption(new Option('--status <status>', `only these statuses (csv of ${apiStatuses.join(', ')})`))
    .option('-q, --search <text>', 'search PR/MR URL, title and repository (a number also matches the id)')
    .option('-L, --limit <n>', 'how many reviews (1-100)', '25')
    .option('--json', 'print the reviews as a JSON array (the API’s ReviewSummary objects)')
    .action(async (options: { status?: string; search?: string; limit: string; json?: boolean }, command: Command) => {
      const session = sessionOf(io, command);
      const list = await session.client.getJson(ReviewListResponseSchema, '/reviews', {
        query: { status: options.status, q: options.search, per_page: options.limit },
      });
      if (options.json) {
        printLine(io.stdout, JSON.stringify(list.items, null, 2));
        return;
      }
      if (list.items.length === 0) {
        printLine(io.stderr, 'No reviews match.');
        return;
      }
      printLine(
        io.stdout,
        renderTable(
          ['ID', 'STATUS', 'TITLE', 'REPOSITORY', 'CONNECTOR', 'DURATION', 'CREATED'],
          list.items.map((review) => row(review, session.out)),
        ),
      );
      if (list.hasNext) {
        const total = list.totalExact ? `${list.total}` : `about ${list.total}`;
        printLine(
          io.stderr,
          session.err.dim(`Showing ${list.items.length} of ${total}; use --limit or --search to see others.`),
        );
      }
    });
}

function row(review: ReviewSummary, colors: Colors): string[] {
  const progress = review.progress ? ` ${review.progress.batchesDone}/${review.progress.batchesTotal}` : '';
  return [
    String(review.id),
    colorStatus(review.status, colors) + progress,
    truncate(review.title, 48),
    review.repository ?? '',
    review.connector?.name ?? '',
    review.durationMs === null ? '' : formatDuration(review.durationMs),
    review.createdAt.slice(0, 16).replace('T', ' '),
  ];
}
