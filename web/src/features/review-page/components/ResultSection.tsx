import { lazy, Suspense } from 'react';
import type { ReviewDetail } from '@reviewtrace/contracts';
import { useComments, useParseEvents, type SummaryComment } from '../api.ts';
import { ExternalLink } from '../../../components/ui/ExternalLink.tsx';
import { ParseTrouble } from './ParseTrouble.tsx';
import { ExternalLinkIcon, TriangleAlertIcon } from '../../../components/ui/icons.ts';
import { batchList } from '../../../lib/wording.ts';

// The markdown renderer (summary and comment bodies) is the page's largest dependency and only
// finished reviews need it.
const SummaryMarkdown = lazy(() => import('./SummaryMarkdown.tsx'));

/** The outcome: summary (markdown, no raw HTML), comments by file, parse trouble and partial results explained. */
export function ResultSection({ review }: { review: ReviewDetail }) {
  const result = review.result;
  const comments = useComments(review.id, review.commentCount > 0, review.commentCount);
  const parses = useParseEvents(review.id, review.eventCounts['parse'] ?? 0);
  const troubled = (parses.data?.events ?? []).filter((e) => e.data['outcome'] !== 'ok');
  const failedBatches = review.batches.filter((b) => b.status === 'failed').map((b) => b.batchId);
  const byFile = groupByFile(comments.data?.comments ?? []);
  const failed = review.status === 'failed';

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
      <ParseTrouble events={troubled} />
      {failed ? (
        // A failed review's summary repeats the failure banner or the "Why" above: shown there once.
        troubled.length === 0 && <p className="muted">No summary: the review failed (see above).</p>
      ) : result?.summary ? (
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
                <div className="comment-body">
                  <Suspense fallback={<p>{comment.content}</p>}>
                    <SummaryMarkdown text={comment.content} />
                  </Suspense>
                </div>
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
