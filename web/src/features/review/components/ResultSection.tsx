import { lazy, Suspense } from 'react';
import type { ReviewDetail } from '@reviewtrace/contracts';
import { useComments, useParseEvents, type SummaryComment } from '../api.ts';
import { ExternalLink } from '../../../components/ui/ExternalLink.tsx';
import { ExternalLinkIcon, TriangleAlertIcon } from '../../../components/ui/icons.ts';
import { batchLabel, batchList, parseStrategyLabel } from '../../../lib/wording.ts';

// The markdown renderer is the page's largest dependency and only finished reviews need it.
const SummaryMarkdown = lazy(() => import('./SummaryMarkdown.tsx'));

/** The outcome: summary (markdown, no raw HTML), comments by file, parse trouble and partial results explained. */
export function ResultSection({ review }: { review: ReviewDetail }) {
  const result = review.result;
  const comments = useComments(review.id, review.commentCount > 0, review.commentCount);
  const parses = useParseEvents(review.id, review.eventCounts['parse'] ?? 0);
  const troubled = (parses.data?.events ?? []).filter((e) => e.data['outcome'] !== 'ok');
  const failedBatches = review.batches.filter((b) => b.status === 'failed').map((b) => b.batchId);
  const byFile = groupByFile(comments.data?.comments ?? []);

  return (
    <section className="result" aria-labelledby="result-title">
      <h2 id="result-title">Result</h2>
      {result?.partial && (
        <p className="notice notice-warning">
          <TriangleAlertIcon /> Partial result:{' '}
          {failedBatches.length ? `${batchList(failedBatches)} failed` : 'some batches failed'}; the comments below come
          from the others.
        </p>
      )}
      {troubled.map((event) => (
        <div key={event.seq} className="notice notice-warning parse-trouble">
          <p>
            <strong>
              {event.data['outcome'] === 'repaired'
                ? 'The model’s JSON was repaired'
                : 'The model’s answer was not valid JSON'}
              {event.batchId ? ` (${batchLabel(event.batchId)})` : ''}
            </strong>
            {event.data['strategy'] ? ` — ${parseStrategyLabel(String(event.data['strategy']))}` : ''}
          </p>
          <details open={event.data['outcome'] === 'failed'}>
            <summary>Why</summary>
            <p>{String(event.data['why'] ?? 'No reason was recorded.')}</p>
            {typeof event.data['rawExcerpt'] === 'string' && (
              <>
                <p className="muted">Raw excerpt of the response:</p>
                <pre className="raw-excerpt">{event.data['rawExcerpt']}</pre>
              </>
            )}
          </details>
        </div>
      ))}
      {result?.summary ? (
        <div className="markdown">
          <Suspense fallback={<pre className="preview">{result.summary}</pre>}>
            <SummaryMarkdown text={result.summary} />
          </Suspense>
        </div>
      ) : (
        <p className="muted">No summary was produced.</p>
      )}
      <h3>
        {review.commentCount} {review.commentCount === 1 ? 'comment' : 'comments'}
        {result?.commentsUrl && (
          <>
            {' · '}
            <ExternalLink href={result.commentsUrl}>
              See them on the pull/merge request <ExternalLinkIcon />
            </ExternalLink>
          </>
        )}
      </h3>
      {comments.error && <p role="alert">{comments.error.message}</p>}
      {[...byFile].map(([file, list]) => (
        <details key={file} className="file-comments" open={byFile.size <= 5}>
          <summary>
            <code>{file}</code> <span className="muted">({list.length})</span>
          </summary>
          <ul>
            {list.map((comment, index) => (
              <li key={index} className="comment">
                <span className={`severity severity-${comment.severity ?? 'info'}`}>{comment.severity ?? 'note'}</span>
                {comment.lineNumber !== null && <span className="muted"> line {comment.lineNumber}</span>}
                {comment.category && <span className="muted"> · {comment.category}</span>}
                <p>{comment.content}</p>
                {comment.suggestion && <pre className="suggestion">{comment.suggestion}</pre>}
              </li>
            ))}
          </ul>
        </details>
      ))}
    </section>
  );
}

function groupByFile(comments: SummaryComment[]): Map<string, SummaryComment[]> {
  const groups = new Map<string, SummaryComment[]>();
  for (const comment of comments) {
    const file = comment.filePath ?? '(general)';
    groups.set(file, [...(groups.get(file) ?? []), comment]);
  }
  return groups;
}
