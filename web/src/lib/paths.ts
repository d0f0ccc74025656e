import { withQuery } from './http.ts';

type Query = Record<string, string | number | boolean | undefined | null>;
const v1 = '/api/v1';

/** Typed builders for every API URL the web app calls; nothing else spells an API path. */
export const apiPaths = {
  me: () => `${v1}/me`,
  reviews: (query: Query = {}) => withQuery(`${v1}/reviews`, query),
  reviewsStream: (query: Query = {}) => withQuery(`${v1}/reviews/stream`, query),
  review: (id: number) => `${v1}/reviews/${id}`,
  reviewEvents: (id: number, query: Query = {}) => withQuery(`${v1}/reviews/${id}/events`, query),
  reviewEventSearch: (id: number, query: Query) => withQuery(`${v1}/reviews/${id}/events/search`, query),
  reviewStream: (id: number, after?: number) => withQuery(`${v1}/reviews/${id}/stream`, { after }),
  reviewLog: (id: number, format: 'text' | 'ndjson') => withQuery(`${v1}/reviews/${id}/log`, { format }),
  reviewSummary: (id: number, format: 'md' | 'json') => withQuery(`${v1}/reviews/${id}/summary`, { format }),
  reviewArtifacts: (id: number) => `${v1}/reviews/${id}/artifacts`,
  reviewCancel: (id: number) => `${v1}/reviews/${id}/cancel`,
  reviewRetry: (id: number) => `${v1}/reviews/${id}/retry`,
  connectors: () => `${v1}/connectors`,
  connector: (id: number) => `${v1}/connectors/${id}`,
  connectorTest: (id: number) => `${v1}/connectors/${id}/test`,
  integrationTokens: () => `${v1}/integration-tokens`,
  integrationToken: (id: number) => `${v1}/integration-tokens/${id}`,
  gitWebhooks: () => `${v1}/git-webhooks`,
  gitWebhook: (id: number) => `${v1}/git-webhooks/${id}`,
  gitWebhookRotateSecret: (id: number) => `${v1}/git-webhooks/${id}/rotate-secret`,
  gitWebhookDeliveries: (id: number, query: Query = {}) => withQuery(`${v1}/git-webhooks/${id}/deliveries`, query),
  alerts: (query: Query = {}) => withQuery(`${v1}/alerts`, query),
  alertRules: () => `${v1}/alert-rules`,
  alertRule: (id: number) => `${v1}/alert-rules/${id}`,
  alertEndpoints: () => `${v1}/alert-endpoints`,
  demoAlertReceiver: () => `${v1}/demo/alert-receiver`,
  alertEndpoint: (id: number) => `${v1}/alert-endpoints/${id}`,
  alertEndpointTest: (id: number) => `${v1}/alert-endpoints/${id}/test`,
  alertEndpointDeliveries: (id: number) => `${v1}/alert-endpoints/${id}/deliveries`,
  alertEndpointRotateSecret: (id: number) => `${v1}/alert-endpoints/${id}/rotate-secret`,
  alertEndpointRedeliver: (id: number, deliveryId: number) =>
    `${v1}/alert-endpoints/${id}/deliveries/${deliveryId}/redeliver`,
  analyticsConnectors: (query: Query = {}) => withQuery(`${v1}/analytics/connectors`, query),
  session: () => '/auth/session',
  signOut: () => '/auth/sign-out',
};

/** Builders for the app's own pages (links, navigation, copy-link). */
export const pagePaths = {
  reviews: (search = '') => `/reviews${search && !search.startsWith('?') ? `?${search}` : search}`,
  review: (id: number, lines?: { from: number; to?: number }) =>
    `/reviews/${id}${lines ? `#L${lines.from}${lines.to && lines.to !== lines.from ? `-${lines.to}` : ''}` : ''}`,
  /** Demo mode: what the built-in alert receiver got. */
  demoAlertReceiver: () => '/demo/alert-receiver',
  settings: (section?: 'connectors' | 'tokens' | 'webhooks' | 'alert-endpoints') =>
    `/settings${section ? `#${section}` : ''}`,
  /** A webhook's delivery log; with `deliveryRowId`, opened at that delivery (highlighted). */
  webhookDeliveries: (webhookId: number, deliveryRowId?: number) =>
    `/settings/webhooks/${webhookId}/deliveries${deliveryRowId === undefined ? '' : `?delivery=${deliveryRowId}`}`,
  health: () => '/health',
};

export const absoluteUrl = (path: string) => new URL(path, window.location.origin).toString();
