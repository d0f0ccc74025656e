import { ReviewDetailSchema, type ReviewDetail } from '@reviewtrace/contracts';
import { printLine, type Session } from '../io.ts';
import { formatDuration } from '../output/durations.ts';
import { formatEventLine } from '../output/log-lines.ts';
import { colorStatus } from '../output/status-words.ts';
import { StatusLine } from '../output/status-line.ts';
import { reviewNotFound } from '../review-ref.ts';
import { exitCodeOf } from './exit-codes.ts';
import { ReviewProgress } from './review-progress.ts';
import { ReviewFollower } from './review-follower.ts';

/** How often a terminal's status line ticks its elapsed time. */
const TICK_MS = 1000;

/**
 * The whole log of a review so far, then live until it ends, with a status line (status, batch N of M,
 * elapsed). Returns the exit code: with `exitStatus` the review's (0/1/2), else 0 once it ended.
 */
export async function watchReview(
  session: Session,
  reviewId: number,
  options: { exitStatus: boolean },
): Promise<number> {
  const { io, client } = session;
  const review = await client.getJson(ReviewDetailSchema, `/reviews/${reviewId}`, {
    notFound: reviewNotFound(reviewId),
  });
  const progress = new ReviewProgress(review, () => performance.now());
  const statusLine = new StatusLine(io.stderr);
  const showStatus = () =>
    statusLine.update(
      [
        `${session.err.bold(`Review ${reviewId}`)} ${colorStatus(progress.status, session.err)}`,
        ...progress.details({ elapsed: true }),
      ].join(' · '),
      [`Review ${reviewId}: ${progress.status}`, ...progress.details({ elapsed: false })].join(' · '),
    );
  printLine(io.stderr, session.err.dim(headline(review)));
  showStatus();
  const ticker = statusLine.live ? setInterval(showStatus, TICK_MS) : undefined;
  try {
    const follower = new ReviewFollower(client, reviewId, 0, {
      onEvents: (events) => {
        statusLine.clear();
        for (const event of events) {
          progress.apply(event);
          printLine(io.stdout, formatEventLine(event, session.out));
        }
        statusLine.restore();
        showStatus();
      },
      onNotice: (text) => {
        statusLine.clear();
        printLine(io.stderr, session.err.yellow(`reviewtrace: ${text}`));
        statusLine.restore();
      },
    });
    const status = await follower.follow();
    progress.status = status;
    statusLine.finish();
    const summary = [
      `Review ${reviewId} ${colorStatus(status, session.err)} after ${formatDuration(progress.elapsedMs())}`,
      progress.batchText(),
    ];
    printLine(io.stderr, summary.filter(Boolean).join(' · '));
    return options.exitStatus ? exitCodeOf[status] : 0;
  } finally {
    if (ticker) clearInterval(ticker);
  }
}

/** `Review 12 · Fix flaky login · https://github.com/o/r/pull/7 · Local Ollama`: what is being watched. */
function headline(review: ReviewDetail): string {
  return [`Review ${review.id}`, review.title, review.prMrUrl, review.connector?.name].filter(Boolean).join(' · ');
}
