import { OrgOptions } from '../../../components/ui/OrgOptions.tsx';
import { gitProviderLabel } from '../../../lib/provider-labels.ts';
import { useEffect, useState } from 'react';
import { aiProviderTypes, apiStatuses, gitProviders, type ApiStatus } from '@reviewtrace/contracts';
import { statusLook } from '../../../components/ui/StatusPill.tsx';
import { useSignedInMe } from '../../../app/session.ts';
import { useConnectors } from '../api.ts';
import { hasFilters, type ListParams } from '../list-params.ts';

const SEARCH_DEBOUNCE_MS = 300;

export function ReviewsFilters({
  params,
  onChange,
}: {
  params: ListParams;
  onChange: (change: Partial<ListParams>) => void;
}) {
  const me = useSignedInMe();
  const connectors = useConnectors();
  const models = [
    ...new Set((connectors.data?.items ?? []).map((c) => c.model).filter((m): m is string => !!m)),
  ].sort();
  const [query, setQuery] = useState(params.q ?? '');
  // On a phone the dropdowns fold away behind one button; wide screens always show them (CSS).
  const [expanded, setExpanded] = useState(false);
  const advancedCount = [
    params.connectorId,
    params.model,
    params.providerType,
    params.gitProvider,
    params.from,
    params.to,
    params.orgId,
  ].filter(Boolean).length;

  // Typing searches after a pause; the URL (and back/forward) keeps the last settled query.
  useEffect(() => setQuery(params.q ?? ''), [params.q]);
  useEffect(() => {
    if ((params.q ?? '') === query.trim()) return;
    const timer = setTimeout(() => onChange({ q: query.trim() || undefined }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, params.q, onChange]);

  // The URL is the source of truth, but it updates in a transition: keep the boxes' own state so a
  // click shows at once instead of flickering back until the navigation commits.
  const [statuses, setStatuses] = useState<ApiStatus[]>(params.status);
  const statusKey = params.status.join(',');
  useEffect(() => setStatuses(statusKey ? (statusKey.split(',') as ApiStatus[]) : []), [statusKey]);
  const toggleStatus = (status: ApiStatus) => {
    const next = statuses.includes(status) ? statuses.filter((s) => s !== status) : [...statuses, status];
    setStatuses(next);
    onChange({ status: next });
  };

  return (
    <form
      className="filters"
      role="search"
      aria-label="Filter reviews"
      data-expanded={expanded}
      onSubmit={(e) => e.preventDefault()}
    >
      <label className="filter-search">
        <span>Search</span>
        <input
          type="search"
          placeholder="URL, title, repository or #id"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </label>
      <fieldset className="status-filter">
        <legend>Status</legend>
        {apiStatuses.map((status) => (
          <label key={status} className="chip">
            <input type="checkbox" checked={statuses.includes(status)} onChange={() => toggleStatus(status)} />
            {statusLook[status].label}
          </label>
        ))}
      </fieldset>
      <button type="button" className="filters-toggle" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
        More filters{advancedCount ? ` (${advancedCount})` : ''}
      </button>
      <label className="filter-advanced">
        <span>Connector</span>
        <select
          value={params.connectorId ?? ''}
          onChange={(e) => onChange({ connectorId: e.target.value || undefined })}
        >
          <option value="">Any connector</option>
          {connectors.data?.items.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-advanced">
        <span>Model</span>
        <select value={params.model ?? ''} onChange={(e) => onChange({ model: e.target.value || undefined })}>
          <option value="">Any model</option>
          {params.model && !models.includes(params.model) && <option value={params.model}>{params.model}</option>}
          {models.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-advanced">
        <span>AI provider</span>
        <select
          value={params.providerType ?? ''}
          onChange={(e) => onChange({ providerType: e.target.value || undefined })}
        >
          <option value="">Any AI provider</option>
          {aiProviderTypes.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-advanced">
        <span>Git provider</span>
        <select
          value={params.gitProvider ?? ''}
          onChange={(e) => onChange({ gitProvider: e.target.value || undefined })}
        >
          <option value="">Any git provider</option>
          {gitProviders.map((p) => (
            <option key={p} value={p}>
              {gitProviderLabel(p)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-advanced">
        <span>From</span>
        <input
          type="date"
          value={params.from ?? ''}
          max={params.to}
          onChange={(e) => onChange({ from: e.target.value || undefined })}
        />
      </label>
      <label className="filter-advanced">
        <span>To</span>
        <input
          type="date"
          value={params.to ?? ''}
          min={params.from}
          onChange={(e) => onChange({ to: e.target.value || undefined })}
        />
      </label>
      {me.permissions.readAllOrgs && (
        <label className="filter-advanced">
          <span>Org</span>
          <select value={params.orgId ?? ''} onChange={(e) => onChange({ orgId: e.target.value || undefined })}>
            <option value="">Current org</option>
            <option value="all">All orgs</option>
            <OrgOptions orgs={me.orgs} />
          </select>
        </label>
      )}
      {hasFilters(params) && (
        <button
          type="button"
          className="link-button"
          onClick={() =>
            onChange({
              status: [],
              connectorId: undefined,
              model: undefined,
              providerType: undefined,
              gitProvider: undefined,
              from: undefined,
              to: undefined,
              q: undefined,
              orgId: undefined,
            })
          }
        >
          Clear filters
        </button>
      )}
    </form>
  );
}
