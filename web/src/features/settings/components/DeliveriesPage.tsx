import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { deliveryDecisions, type DeliveryDecision, type GitWebhook } from '@reviewtrace/contracts';
import { useSignedInMe } from '../../../app/session.ts';
import { useDocumentTitle } from '../../../lib/use-title.ts';
import { absoluteUrl, pagePaths } from '../../../lib/paths.ts';
import { gitProviderLabel } from '../../../lib/provider-labels.ts';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { ArrowLeftIcon } from '../../../components/ui/icons.ts';
import { useDeliveries, useWebhook } from '../webhooks-api.ts';
import { DeliveriesTable } from './DeliveriesTable.tsx';
import { NoDeliveries } from './NoDeliveries.tsx';
import '../settings.css';

const decisionLabels: Record<DeliveryDecision, string> = {
  queued: 'Queued',
  skipped: 'Skipped',
  ignored: 'Ignored',
  rejected: 'Rejected',
  superseded: 'Superseded',
};

/** `?decision=a,b` as the decisions it names (unknown words dropped). */
const decisionsOf = (raw: string | null): DeliveryDecision[] =>
  (raw ?? '')
    .split(',')
    .filter((word): word is DeliveryDecision => deliveryDecisions.includes(word as DeliveryDecision));

const positiveInt = (raw: string | null) => (raw && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined);

/**
 * `/settings/webhooks/:id/deliveries`: a webhook's delivery log, the answer to "why didn't it
 * review?". Filters live in the URL (shareable); `?delivery=<row id>` opens the log at that
 * delivery, highlighted (a review's page links there).
 */
export default function DeliveriesPage() {
  const webhookId = positiveInt(useParams().id ?? null);
  useDocumentTitle(webhookId ? `Deliveries of webhook ${webhookId}` : 'Deliveries');
  if (webhookId === undefined) return <ErrorState error={new Error('No such webhook.')} />;
  return <Deliveries webhookId={webhookId} />;
}

function Deliveries({ webhookId }: { webhookId: number }) {
  const me = useSignedInMe();
  const webhook = useWebhook(webhookId);
  const [search, setSearch] = useSearchParams();
  const decisions = decisionsOf(search.get('decision'));
  const repository = search.get('repository') ?? '';
  const highlighted = positiveInt(search.get('delivery'));
  const deliveries = useDeliveries(webhookId, { decisions, repository, from: highlighted });

  const change = (next: { decision?: DeliveryDecision[]; repository?: string; delivery?: null }) => {
    const params = new URLSearchParams(search);
    if (next.decision) params.set('decision', next.decision.join(','));
    if (next.repository !== undefined) params.set('repository', next.repository.trim());
    for (const key of ['decision', 'repository']) if (!params.get(key)) params.delete(key);
    if (next.delivery === null) params.delete('delivery');
    setSearch(params, { replace: true });
  };
  const toggle = (decision: DeliveryDecision) =>
    change({
      decision: decisions.includes(decision) ? decisions.filter((d) => d !== decision) : [...decisions, decision],
    });

  const items = deliveries.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = decisions.length > 0 || repository !== '';

  return (
    <section aria-labelledby="deliveries-title" className="page settings-page deliveries-page">
      <p className="small">
        <Link to={pagePaths.settings('webhooks')}>
          <ArrowLeftIcon /> Settings · Git webhooks
        </Link>
      </p>
      <div className="page-head">
        <h1 id="deliveries-title">Deliveries</h1>
        <span className="muted">{me.orgs.find((org) => org.id === me.orgId)?.name}</span>
      </div>
      {webhook.data && <WebhookFacts webhook={webhook.data} />}
      {webhook.error ? (
        <ErrorState error={webhook.error} onRetry={() => void webhook.refetch()} />
      ) : (
        <>
          <div className="filters deliveries-filters">
            <fieldset className="status-filter">
              <legend>Decision</legend>
              {deliveryDecisions.map((decision) => (
                <label key={decision} className="chip">
                  <input type="checkbox" checked={decisions.includes(decision)} onChange={() => toggle(decision)} />
                  {decisionLabels[decision]}
                </label>
              ))}
            </fieldset>
            <RepositoryFilter value={repository} onApply={(value) => change({ repository: value })} />
          </div>
          {highlighted !== undefined && (
            <p className="notice small" role="status">
              Showing delivery {highlighted} (highlighted) and older ones.{' '}
              <button type="button" className="link-button" onClick={() => change({ delivery: null })}>
                Show the newest
              </button>
            </p>
          )}
          {deliveries.isPending ? (
            <Loading what="deliveries" />
          ) : deliveries.error ? (
            <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />
          ) : items.length === 0 ? (
            <NoDeliveries provider={webhook.data?.provider} filtered={filtered} />
          ) : (
            <>
              <DeliveriesTable items={items} provider={webhook.data?.provider ?? 'github'} highlighted={highlighted} />
              <div className="load-more">
                {deliveries.hasNextPage ? (
                  <button
                    type="button"
                    onClick={() => void deliveries.fetchNextPage()}
                    disabled={deliveries.isFetchingNextPage}
                  >
                    {deliveries.isFetchingNextPage ? 'Loading…' : 'Load more'}
                  </button>
                ) : (
                  <span className="muted small">
                    {items.length === 1 ? 'One delivery' : `${items.length} deliveries`}; kept 30 days.
                  </span>
                )}
              </div>
            </>
          )}
        </>
      )}
    </section>
  );
}

function WebhookFacts({ webhook }: { webhook: GitWebhook }) {
  return (
    <dl className="webhook-facts small">
      <div>
        <dt>Webhook</dt>
        <dd>
          {webhook.id} · {gitProviderLabel(webhook.provider)}
          {!webhook.enabled && ' · disabled'}
        </dd>
      </div>
      <div>
        <dt>Repositories</dt>
        <dd>{webhook.repositories.length === 0 ? 'all' : webhook.repositories.join(', ')}</dd>
      </div>
      <div>
        <dt>URL</dt>
        <dd className="mono">{absoluteUrl(webhook.url)}</dd>
      </div>
    </dl>
  );
}

/** Applied on Enter or on leaving the box, not per keystroke. */
function RepositoryFilter({ value, onApply }: { value: string; onApply: (value: string) => void }) {
  const [text, setText] = useState(value);
  const applied = useRef(value);
  useEffect(() => {
    setText(value);
    applied.current = value;
  }, [value]);
  const apply = () => {
    if (text.trim() !== applied.current) onApply(text);
  };
  return (
    <form
      className="repository-filter"
      role="search"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        apply();
      }}
    >
      <label>
        <span>Repository</span>
        <input
          type="search"
          placeholder="owner/repo"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={apply}
        />
      </label>
    </form>
  );
}
