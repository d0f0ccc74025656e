import { Command } from 'commander';
import { printLine, sessionOf, type Io, type Session } from '../io.ts';
import { colorDownloadedLine, formatEventLine } from '../output/log-lines.ts';
import { textLines } from '../output/text-lines.ts';
import { parseReviewId, reviewNotFound } from '../review-ref.ts';
import { ReviewFollower } from '../watch/review-follower.ts';

/**
 * `reviewtrace logs <id>`: the log so far (the API's download, streamed), or with `--follow` the
 * same lines live until the review ends, with no status line: output meant for files and pipes.
 */
export function logsCommand(io: Io): Command {
  return new Command('logs')
    .description('print a review’s log (the whole log so far; --follow keeps printing until it ends)')
    .argument('<id>', 'review id')
    .option('-f, --follow', 'keep printing new lines until the review ends (resumes after a dropped connection)')
    .option('--ndjson', 'one JSON event per line (seq, type, time, level, batchId, data) instead of text')
    .action(async (rawId: string, options: { follow?: boolean; ndjson?: boolean }, command: Command) => {
      const session = sessionOf(io, command);
      const reviewId = parseReviewId(rawId);
      if (options.follow) await followLog(session, reviewId, options.ndjson === true);
      else await downloadLog(session, reviewId, options.ndjson === true);
    });
}

async function downloadLog(session: Session, reviewId: number, ndjson: boolean): Promise<void> {
  const response = await session.client.open(`/reviews/${reviewId}/log`, {
    query: { format: ndjson ? 'ndjson' : 'text' },
    headers: { accept: '*/*' },
    notFound: reviewNotFound(reviewId),
  });
  if (!response.body) return;
  for await (const line of textLines(response.body)) {
    printLine(session.io.stdout, ndjson ? line : colorDownloadedLine(line, session.out));
  }
}

async function followLog(session: Session, reviewId: number, ndjson: boolean): Promise<void> {
  const follower = new ReviewFollower(session.client, reviewId, 0, {
    onEvents: (events) => {
      for (const event of events)
        printLine(session.io.stdout, ndjson ? JSON.stringify(event) : formatEventLine(event, session.out));
    },
    onNotice: (text) => printLine(session.io.stderr, session.err.yellow(`reviewtrace: ${text}`)),
  });
  await follower.follow();
}
