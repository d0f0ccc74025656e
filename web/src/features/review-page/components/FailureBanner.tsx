import { Link } from 'react-router';
import { errorCategoryTips, type ErrorCategory, type ReviewDetail, type Tip } from '@reviewtrace/contracts';
import { apiPaths, pagePaths } from '../../../lib/paths.ts';
import { useSignedInMe } from '../../../app/session.ts';
import { XIcon } from '../../../components/ui/icons.ts';

/** What each tip asks the user to do, as a button or link beside it (ui.md: the tip with its action). */
export function TipAction({ code, reviewId }: { code: string; reviewId: number }) {
  const me = useSignedInMe();
  const settings = (section: 'connectors' | 'tokens', text: string) =>
    me.permissions.manageSettings ? (
      <Link className="button" to={pagePaths.settings(section)}>
        {text}
      </Link>
    ) : (
      <span className="muted">Ask an owner of this org to update the settings.</span>
    );
  switch (code) {
    case 'auth':
    case 'stream_stall':
    case 'network':
    case 'provider_error':
    case 'timeout':
      return settings('connectors', 'Open connector settings');
    case 'git_provider':
    case 'git_permission':
      return settings('tokens', 'Open git token settings');
    default:
      return (
        <a className="button" href={apiPaths.reviewLog(reviewId, 'text')}>
          Download log
        </a>
      );
  }
}

/**
 * A failed review says exactly why and what to try (ui.md, failure): the category's title, the error
 * summary, and each tip with its action. Announced once through role="alert".
 */
export function FailureBanner({ review }: { review: ReviewDetail }) {
  if (review.status !== 'failed') return null;
  const category = (review.errorCategory ?? review.result?.errorCategory ?? 'unknown') as ErrorCategory;
  const known = errorCategoryTips[category] ?? errorCategoryTips.unknown;
  const tips: Tip[] = review.result?.tips.length ? review.result.tips : [known];
  return (
    <section className="failure-banner" role="alert" aria-labelledby="failure-title">
      <h2 id="failure-title">
        <XIcon className="heading-icon" /> {known.title}
      </h2>
      <p className="failure-summary">
        {review.errorSummary ?? review.result?.errorSummary ?? 'The review failed without a message.'}
      </p>
      <ul className="tips">
        {tips.map((tip) => (
          <li key={tip.code}>
            <strong>{tip.title}</strong>
            {tip.text && <span> — {tip.text}</span>}
            <span className="tip-actions">
              <TipAction code={tip.code} reviewId={review.id} />
            </span>
          </li>
        ))}
      </ul>
      <p className="muted">Use Retry above to run it again with the same inputs. Category: {category}.</p>
    </section>
  );
}
