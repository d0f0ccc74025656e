import type { AlertMetric, AlertObserved, AlertScope, AlertState } from '@reviewtrace/contracts';

/**
 * The bodies receivers get. Only numbers, ids and names: never prompts, diffs, error texts or
 * secrets (an error summary can quote a provider's answer), so a body stays far below 20 KB.
 */
export const MAX_PAYLOAD_BYTES = 20 * 1024;

export interface AlertFacts {
  alertId: number;
  ruleId: number;
  fingerprint: string;
  /** The org whose reviews crossed the threshold. */
  orgId: number;
  state: AlertState;
  metric: AlertMetric;
  threshold: number;
  windowMinutes: number;
  observed: AlertObserved;
  scope: AlertScope;
  sampleReviewIds: number[];
  startedAt: Date;
}

/** Where a person goes from a notification: Health, and the reviews list filtered to the window. */
export function alertLinks(
  facts: Pick<AlertFacts, 'metric' | 'scope' | 'startedAt' | 'windowMinutes'>,
  publicUrl = '',
) {
  const base = publicUrl.replace(/\/+$/, '');
  const query = new URLSearchParams();
  // The fallback and latency metrics are about reviews that may have succeeded; the others about failures.
  if (facts.metric !== 'fallback_rate' && facts.metric !== 'p95_duration_ms') query.set('status', 'failed');
  if (facts.scope.connectorId !== null) query.set('connector_id', String(facts.scope.connectorId));
  if (facts.scope.model !== null) query.set('model', facts.scope.model);
  query.set('from', new Date(facts.startedAt.getTime() - facts.windowMinutes * 60_000).toISOString());
  return { health: `${base}/health`, reviews: `${base}/reviews?${query.toString()}` };
}

export function alertPayload(facts: AlertFacts, at: Date, publicUrl?: string): string {
  const body = JSON.stringify({
    type: facts.state === 'firing' ? 'alert.firing' : 'alert.resolved',
    timestamp: at.toISOString(),
    data: {
      alertId: facts.alertId,
      ruleId: facts.ruleId,
      fingerprint: facts.fingerprint,
      orgId: facts.orgId,
      state: facts.state,
      metric: facts.metric,
      threshold: facts.threshold,
      observed: facts.observed,
      scope: facts.scope,
      sampleReviewIds: facts.sampleReviewIds.slice(0, 10),
      startedAt: facts.startedAt.toISOString(),
      links: alertLinks(facts, publicUrl),
    },
  });
  // The parts are bounded (10 ids, 5 categories of ≤100 chars); this guards what a change might add.
  if (Buffer.byteLength(body) >= MAX_PAYLOAD_BYTES) throw new Error(`An alert payload grew to ${body.length} bytes`);
  return body;
}

export function testPayload(endpoint: { id: number; org_id: number }, at: Date): string {
  return JSON.stringify({
    type: 'webhook.test',
    timestamp: at.toISOString(),
    data: { endpointId: endpoint.id, orgId: endpoint.org_id, message: 'A test notification from Reviewtrace' },
  });
}
