import { rateMetrics, type AlertMetric } from '@reviewtrace/contracts';
import { formatDuration, formatPercent } from '../../lib/format.ts';

export const metricLabels: Record<AlertMetric, string> = {
  failure_rate: 'Failure rate',
  fallback_rate: 'Fallback rate',
  error_category: 'Share of one error category',
  p95_duration_ms: 'p95 duration',
  consecutive_failures: 'Consecutive failures',
};

/** A threshold or an observed value in the metric's own unit. */
export function formatMetricValue(metric: AlertMetric, value: number): string {
  if (rateMetrics.includes(metric)) return formatPercent(value);
  if (metric === 'p95_duration_ms') return formatDuration(value);
  return String(value);
}
