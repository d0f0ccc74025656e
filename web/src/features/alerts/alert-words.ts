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

/** "Evaluated every …": ALERT_EVAL_MS as people say it ("minute", "30 s", "5 min"). */
export function formatEvaluationPeriod(ms: number): string {
  if (ms === 60_000) return 'minute';
  if (ms === 3_600_000) return 'hour';
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

/** A rule's window the way people say it: "15 min", "2 h", "7 days". */
export function formatWindow(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? '1 day' : `${minutes / 1440} days`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

export const reviewsCount = (count: number) => (count === 1 ? '1 review' : `${count} reviews`);
