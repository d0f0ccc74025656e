import { Command } from 'commander';
import { sessionOf, type Io } from '../io.ts';
import { resolveReviewRef } from '../review-ref.ts';
import { watchReview } from '../watch/watch-review.ts';

/** `reviewtrace watch <id|PR URL>`: like `gh run watch`, a review's live log until it ends. */
export function watchCommand(io: Io): Command {
  return new Command('watch')
    .description('follow a review’s live log until it ends (resumes after a dropped connection)')
    .argument('<review>', 'review id, or a PR/MR URL (its newest review)')
    .option('--exit-status', 'exit 0 when the review succeeds, 1 when it fails, 2 when it is canceled')
    .action(async (ref: string, options: { exitStatus?: boolean }, command: Command) => {
      const session = sessionOf(io, command);
      const reviewId = await resolveReviewRef(session.client, ref);
      io.exitCode = await watchReview(session, reviewId, { exitStatus: options.exitStatus === true });
    });
}
