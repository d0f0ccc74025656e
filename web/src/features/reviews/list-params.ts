import { apiStatuses, type ApiStatus } from '@reviewtrace/contracts';

/** Every filter of the reviews list lives in the URL (ui.md): deep links, back/forward, reload. */
export interface ListParams {
  status: ApiStatus[];
  connectorId?: string;
  model?: string;
  providerType?: string;
  gitProvider?: string;
  /** `yyyy-mm-dd` in the user's zone, inclusive on both ends. */
  from?: string;
  to?: string;
  q?: string;
  orgId?: string;
  page: number;
  perPage: number;
  sort: 'created_at' | 'last_event_at' | 'duration' | 'cost';
  order: 'asc' | 'desc';
}

export const perPageChoices = [10, 25, 50, 100] as const;
const sorts = ['created_at', 'last_event_at', 'duration', 'cost'] as const;

export function parseListParams(search: URLSearchParams): ListParams {
  const status = (search.get('status') ?? '')
    .split(',')
    .filter((value): value is ApiStatus => (apiStatuses as readonly string[]).includes(value));
  const perPage = Number(search.get('per_page'));
  const sort = search.get('sort');
  const text = (key: string) => search.get(key)?.trim() || undefined;
  return {
    status,
    connectorId: text('connector_id'),
    model: text('model'),
    providerType: text('provider_type'),
    gitProvider: text('git_provider'),
    from: validDate(text('from')),
    to: validDate(text('to')),
    q: text('q'),
    orgId: text('org_id'),
    page: Math.max(1, Math.floor(Number(search.get('page')) || 1)),
    perPage: (perPageChoices as readonly number[]).includes(perPage) ? perPage : 25,
    sort: (sorts as readonly string[]).includes(sort ?? '') ? (sort as ListParams['sort']) : 'created_at',
    order: search.get('order') === 'asc' ? 'asc' : 'desc',
  };
}

const validDate = (value: string | undefined) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined);

/** The URL form: only what differs from the defaults, so a plain /reviews stays plain. */
export function toSearch(params: ListParams): URLSearchParams {
  const search = new URLSearchParams();
  if (params.status.length) search.set('status', params.status.join(','));
  const pairs: [string, string | undefined][] = [
    ['connector_id', params.connectorId],
    ['model', params.model],
    ['provider_type', params.providerType],
    ['git_provider', params.gitProvider],
    ['from', params.from],
    ['to', params.to],
    ['q', params.q],
    ['org_id', params.orgId],
  ];
  for (const [key, value] of pairs) if (value) search.set(key, value);
  if (params.page !== 1) search.set('page', String(params.page));
  if (params.perPage !== 25) search.set('per_page', String(params.perPage));
  if (params.sort !== 'created_at') search.set('sort', params.sort);
  if (params.order !== 'desc') search.set('order', params.order);
  return search;
}

/** Filters only (the list stream takes these too). Dates become ISO instants at local midnight. */
export function toFilterQuery(params: ListParams): Record<string, string | undefined> {
  return {
    status: params.status.length ? params.status.join(',') : undefined,
    connector_id: params.connectorId,
    model: params.model,
    provider_type: params.providerType,
    git_provider: params.gitProvider,
    from: params.from ? new Date(`${params.from}T00:00:00`).toISOString() : undefined,
    to: params.to ? new Date(new Date(`${params.to}T00:00:00`).getTime() + 86_400_000).toISOString() : undefined,
    q: params.q,
    org_id: params.orgId,
  };
}

export function toApiQuery(params: ListParams): Record<string, string | undefined> {
  return {
    ...toFilterQuery(params),
    page: String(params.page),
    per_page: String(params.perPage),
    sort: params.sort,
    order: params.order,
  };
}

export const hasFilters = (params: ListParams) =>
  Object.values(toFilterQuery(params)).some((value) => value !== undefined);
