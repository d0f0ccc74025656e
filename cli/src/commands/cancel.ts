import { Command } from 'commander';
import { CancelResponseSchema } from '@reviewtrace/contracts';
import { printLine, sessionOf, type Io } from '../io.ts';
import { colorStatus } from '../output/status-words.ts';
import { parseReviewId, reviewNotFound } from '../review-ref.ts';

/** `reviewtrace cancel <id>`: a queued review ends at once; a running one stops within 5 s (api.md). */
export function cancelCommand(io: Io): Command {
  return new Command('cancel')
    .description('cancel a queued or running review')
    .argument('<id>', 'review id')
    .action(async (rawId: string, _options: unknown, command: Command) => {
      const session = sessionOf(io, command);
      const reviewId = parseReviewId(rawId);
      const { review } = await session.client.postJson(CancelResponseSchema, `/reviews/${reviewId}/cancel`, undefined, {
        notFound: reviewNotFound(reviewId),
      });
      const state =
        review.status === 'canceled'
          ? 'canceled'
          : `is ${colorStatus(review.status, session.out)}; it stops within 5 s`;
      printLine(io.stdout, `Review ${reviewId} ${state}`);
    });
}
