import type { ReviewDetail } from '@reviewtrace/contracts';
import { ExternalLink } from '../../../components/ui/ExternalLink.tsx';
import { CheckIcon, ExternalLinkIcon, TriangleAlertIcon, XIcon } from '../../../components/ui/icons.ts';
import { usePostingEvents } from '../api.ts';
import { postingPanelModel, type PostingItem, type PostingOutcome } from '../posting-panel.ts';

const outcomeIcon: Record<PostingOutcome, typeof CheckIcon> = {
  posted: CheckIcon,
  moved: TriangleAlertIcon,
  failed: XIcon,
};

/**
 * "Posted to GitHub/GitLab": where each finding went on the pull/merge request — on its line (with
 * its link), moved into the summary (and why), or not posted (with the error). Hidden when the
 * review posted nothing.
 */
export function PostingPanel({ review }: { review: ReviewDetail }) {
  const count = review.eventCounts['posting'] ?? 0;
  const events = usePostingEvents(review.id, count > 0, count);
  const model = events.data ? postingPanelModel(events.data.events, review.gitProvider) : null;
  if (count === 0) return null;
  return (
    <section className="posting-panel" aria-labelledby="posting-title">
      <h2 id="posting-title">{model?.title ?? 'Posted to the pull/merge request'}</h2>
      {events.error && <p role="alert">{events.error.message}</p>}
      {model && (
        <>
          <p className="posting-headline">
            {model.headline}
            {model.summary && (
              <>
                {' · '}
                <PostingLink item={model.summary} text="summary comment" />
              </>
            )}
          </p>
          {model.groups.map((group) => {
            const Icon = outcomeIcon[group.outcome];
            return (
              <details
                key={group.outcome}
                className={`posting-group posting-${group.outcome}`}
                open={group.outcome !== 'posted' || group.items.length <= 10}
              >
                <summary>
                  <Icon className="posting-icon" /> {group.heading}{' '}
                  <span className="muted">({group.items.length})</span>
                </summary>
                <ul>
                  {group.items.map((item) => (
                    <li key={item.seq}>
                      <PostingLink item={item} text={item.place} />
                      {item.reason && <span className="posting-reason"> — {item.reason}</span>}
                    </li>
                  ))}
                </ul>
              </details>
            );
          })}
        </>
      )}
    </section>
  );
}

function PostingLink({ item, text }: { item: PostingItem; text: string }) {
  if (!item.url) return <code>{text}</code>;
  return (
    <ExternalLink href={item.url} fallback={<code>{text}</code>}>
      <code>{text}</code> <ExternalLinkIcon />
    </ExternalLink>
  );
}
