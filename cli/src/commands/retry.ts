import { Command } from 'commander';
import { RetryResponseSchema } from '@reviewtrace/contracts';
import { printLine, sessionOf, type Io } from '../io.ts';
import { parseReviewId, reviewNotFound } from '../review-ref.ts';
import { watchReview } from '../watch/watch-review.ts';

/** `reviewtrace retry <id>`: a failed or canceled review runs again as a new review (`retryOf` = id). */
export function retryCommand(io: Io): Command {
  return new Command('retry')
    .description('run a failed or canceled review again (as a new review)')
    .argument('<id>', 'review id')
    .option('--failed-batches', 're-run only the failed batches of a partial review')
    .option('--watch', 'then follow the new review until it ends')
    .option('--exit-status', 'with --watch: exit 0 on success, 1 on failure, 2 on cancel')
    .action(
      async (
        rawId: string,
        options: { failedBatches?: boolean; watch?: boolean; exitStatus?: boolean },
        command: Command,
      ) => {
        const session = sessionOf(io, command);
        const reviewId = parseReviewId(rawId);
        const { review } = await session.client.postJson(
          RetryResponseSchema,
          `/reviews/${reviewId}/retry`,
          options.failedBatches ? { only: 'failed_batches' } : {},
          { notFound: reviewNotFound(reviewId) },
        );
        printLine(io.stdout, `Review ${reviewId} retried as review ${review.id} (${review.status})`);
        if (options.watch)
          io.exitCode = await watchReview(session, review.id, { exitStatus: options.exitStatus === true });
      },
    );
}
