import { OrgOptions } from '../../../components/ui/OrgOptions.tsx';
import { useSearchParams } from 'react-router';
import { useSignedInMe } from '../../../app/session.ts';
import { Empty, ErrorState, Loading } from '../../../components/ui/states.tsx';
import { formatCount, formatShortDateTime } from '../../../lib/format.ts';
import { useDocumentTitle } from '../../../lib/use-title.ts';
import { healthWindows, isHealthWindow, useConnectorHealth, type HealthWindow } from '../api.ts';
import { HealthCard, keyOf } from './HealthCard.tsx';
import { LoaderIcon } from '../../../components/ui/icons.ts';
import '../health.css';
import { AlertsPanel } from '../../alerts/components/AlertsPanel.tsx';

/**
 * Connector health for owners (their org) and super_admins (any org). Window and org live in the
 * URL so a link to "last 24 h of Acme" can be shared.
 */
export default function HealthPage() {
  const me = useSignedInMe();
  const [search, setSearch] = useSearchParams();
  const allOrgs = me.permissions.readAllOrgs;
  const allowed = me.role !== 'member';
  const windowName: HealthWindow = isHealthWindow(search.get('window')) ? (search.get('window') as HealthWindow) : '7d';
  const orgParam = Number(search.get('org'));
  // Owners always see the org they act in (the server refuses any other org_id); only super_admins choose.
  const orgId = allOrgs && me.orgs.some((org) => org.id === orgParam) ? orgParam : undefined;
  const health = useConnectorHealth(windowName, orgId, allowed);
  const orgName = me.orgs.find((org) => org.id === me.orgId)?.name ?? `org ${me.orgId}`;
  useDocumentTitle('Health');

  const update = (key: 'window' | 'org', value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };

  if (!allowed) {
    return (
      <section aria-labelledby="health-title" className="page health-page">
        <h1 id="health-title">Connector health</h1>
        <p className="notice">
          Connector health is for owners and super admins. Ask an owner of {orgName} if a connector seems slow or
          failing.
        </p>
      </section>
    );
  }

  const data = health.data;
  const total = data?.items.reduce((sum, item) => sum + item.reviews, 0) ?? 0;
  return (
    <section aria-labelledby="health-title" className="page health-page">
      <div className="page-head">
        <h1 id="health-title">Connector health</h1>
        <span className="muted">
          {allOrgs ? (orgId ? me.orgs.find((o) => o.id === orgId)?.name : 'All orgs') : orgName}
        </span>
        {health.isFetching && !health.isPending && <LoaderIcon className="spin" role="img" aria-label="Refreshing" />}
      </div>
      {me.permissions.manageSettings && <AlertsPanel />}
      <div className="filters health-filters">
        <label>
          Window
          <select value={windowName} onChange={(e) => update('window', e.target.value)}>
            {Object.entries(healthWindows).map(([value, { label }]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {allOrgs && (
          <label>
            Organization
            <select value={orgId ?? ''} onChange={(e) => update('org', e.target.value)}>
              <option value="">All orgs</option>
              <OrgOptions orgs={me.orgs} />
            </select>
          </label>
        )}
        {data && (
          <p className="muted small health-summary">
            {formatCount(total)} reviews · {data.items.length} connector × model{' '}
            {data.items.length === 1 ? 'pair' : 'pairs'} · {formatShortDateTime(data.from)} –{' '}
            {formatShortDateTime(data.to)} · one bar per {data.bucket}
          </p>
        )}
      </div>
      {health.isPending ? (
        <Loading what="connector health" />
      ) : health.error ? (
        <ErrorState error={health.error} onRetry={() => void health.refetch()} />
      ) : health.data.items.length === 0 ? (
        <Empty title="No reviews in this window">
          <p>Pick a longer window, or start a review to see how its connector does.</p>
        </Empty>
      ) : (
        <div className="health-grid">
          {health.data.items.map((item) => (
            <HealthCard
              key={keyOf(item)}
              item={item}
              window={health.data}
              showOrg={allOrgs && orgId === undefined}
              canManage={me.permissions.manageSettings && item.orgId === me.orgId}
            />
          ))}
        </div>
      )}
    </section>
  );
}
