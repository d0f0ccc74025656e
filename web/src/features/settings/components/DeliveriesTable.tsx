import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { DeliveryDecision, GitWebhookProvider, WebhookDelivery } from '@reviewtrace/contracts';
import { pagePaths } from '../../../lib/paths.ts';
import { RelativeTime } from '../../../components/ui/RelativeTime.tsx';
import { ColumnHeads } from '../../../components/ui/table-heads.tsx';
import { CheckIcon, CircleSlashIcon, ClockIcon, LayersIcon, XIcon, type Icon } from '../../../components/ui/icons.ts';

const columns = ['Received', 'Event', 'Repository', 'PR/MR', 'Head', 'Signature', 'Decision', 'Review'] as const;

/** Each decision with a colour, an icon and a word (never the colour alone). */
const decisionLook: Record<DeliveryDecision, { label: string; Icon: Icon; className: string }> = {
  queued: { label: 'Queued', Icon: ClockIcon, className: 'status-running' },
  skipped: { label: 'Skipped', Icon: CircleSlashIcon, className: 'status-queued' },
  ignored: { label: 'Ignored', Icon: CircleSlashIcon, className: 'status-queued' },
  rejected: { label: 'Rejected', Icon: XIcon, className: 'status-failed' },
  superseded: { label: 'Superseded', Icon: LayersIcon, className: 'status-canceled' },
};

/**
 * The delivery log as a table on wide screens and as cards on phones (no sideways scrolling). The
 * highlighted delivery (opened from a review's page) is scrolled to once it is there.
 */
export function DeliveriesTable({
  items,
  provider,
  highlighted,
}: {
  items: readonly WebhookDelivery[];
  provider: GitWebhookProvider;
  highlighted: number | undefined;
}) {
  const highlightedRow = useRef<HTMLTableRowElement>(null);
  const found = items.some((item) => item.id === highlighted);
  useEffect(() => {
    if (found) highlightedRow.current?.scrollIntoView({ block: 'center' });
  }, [found]);

  return (
    <div className="table-scroll deliveries-scroll">
      <table className="deliveries-table">
        <caption className="visually-hidden">Deliveries, newest first</caption>
        <thead>
          <tr>
            <ColumnHeads names={columns} />
          </tr>
        </thead>
        <tbody>
          {items.map((delivery) => (
            <tr
              key={delivery.id}
              ref={delivery.id === highlighted ? highlightedRow : undefined}
              className={delivery.id === highlighted ? 'delivery-highlighted' : undefined}
              aria-current={delivery.id === highlighted ? 'true' : undefined}
              data-delivery={delivery.id}
            >
              <td className="received-cell">
                <span className="card-label">Received</span>
                <RelativeTime iso={delivery.receivedAt} />
              </td>
              <td className="event-cell">
                <span className="card-label">Event</span>
                <span className="mono">
                  {delivery.event ?? '—'}
                  {delivery.action && ` · ${delivery.action}`}
                </span>
                {delivery.redelivery && <span className="badge redelivery-badge">redelivery</span>}
              </td>
              <td className="repository-cell">
                <span className="card-label">Repository</span>
                <span className="mono">{delivery.repository ?? '—'}</span>
              </td>
              <td>
                <span className="card-label">PR/MR</span>
                {delivery.number === null ? '—' : `${provider === 'gitlab' ? '!' : '#'}${delivery.number}`}
              </td>
              <td>
                <span className="card-label">Head</span>
                {delivery.headSha ? (
                  <code title={delivery.headSha}>{delivery.headSha.slice(0, 7)}</code>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                <span className="card-label">Signature</span>
                {delivery.signatureOk ? (
                  <span className="text-ok">
                    <CheckIcon /> valid
                  </span>
                ) : (
                  <span className="error-text">
                    <XIcon /> invalid
                  </span>
                )}
              </td>
              <td className="decision-cell">
                <span className="card-label">Decision</span>
                <DecisionPill decision={delivery.decision} /> <span className="decision-reason">{delivery.reason}</span>
              </td>
              <td className="review-cell">
                <span className="card-label">Review</span>
                {delivery.reviewId === null ? (
                  <span className="muted">—</span>
                ) : (
                  <Link to={pagePaths.review(delivery.reviewId)} aria-label={`Review #${delivery.reviewId}`}>
                    #{delivery.reviewId}
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DecisionPill({ decision }: { decision: DeliveryDecision }) {
  const { label, Icon, className } = decisionLook[decision];
  return (
    <span className={`pill ${className}`} data-decision={decision}>
      <Icon /> {label}
    </span>
  );
}
