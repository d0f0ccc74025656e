import { Link } from 'react-router';
import type { ReviewDetail, SummaryComment } from '@reviewtrace/contracts';
import { pagePaths } from '../../../lib/paths.ts';
import { useReviewDetail } from '../../reviews/api.ts';
import { useComments } from '../../review-page/api.ts';
import { compareRetry } from '../retry-compare.ts';
import '../outcomes.css';

/**
 * A retry's "What changed" against its original, side by side (issue 15 §5): shown on the retry's
 * page once it finished. Both reviews' details and comments are read as the page reads its own.
 */
export function RetryCompare({ review }: { review: ReviewDetail }) {
  const originalId = review.retryOf!;
  const original = useReviewDetail(originalId);
  const originalComments = useComments(originalId, true, 0);
  const retryComments = useComments(review.id, true, review.lastSeq);
  if (!original.data || !originalComments.data || !retryComments.data) return null;
  const { rows, added, removed, kept } = compareRetry(
    original.data,
    review,
    originalComments.data.comments,
    retryComments.data.comments,
  );
  return (
    <section className="panel retry-compare" aria-labelledby="retry-compare-title">
      <h2 id="retry-compare-title">
        What changed since <Link to={pagePaths.review(originalId)}>#{originalId}</Link>
      </h2>
      <table className="compare-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Property</span>
            </th>
            <th scope="col">Original #{originalId}</th>
            <th scope="col">This retry #{review.id}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label} data-changed={row.changed}>
              <th scope="row">{row.label}</th>
              <td>{row.before}</td>
              <td>
                {row.after}
                {row.changed && <span className="visually-hidden"> (changed)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="compare-comments-summary">
        Comments: <strong>{added.length} added</strong>, <strong>{removed.length} removed</strong>, {kept} the same
      </p>
      <div className="compare-comments">
        <CommentList title="Added" comments={added} sign="+" />
        <CommentList title="Removed" comments={removed} sign="−" />
      </div>
    </section>
  );
}

function CommentList({ title, comments, sign }: { title: string; comments: SummaryComment[]; sign: string }) {
  if (comments.length === 0) return null;
  return (
    <div>
      <h3>{title}</h3>
      <ul className={`compare-list compare-${title.toLowerCase()}`}>
        {comments.map((c, i) => (
          <li key={i}>
            <span aria-hidden="true" className="compare-sign">
              {sign}
            </span>{' '}
            <code>
              {c.filePath ?? '(general)'}
              {c.lineNumber === null ? '' : `:${c.lineNumber}`}
            </code>{' '}
            {c.content}
          </li>
        ))}
      </ul>
    </div>
  );
}
