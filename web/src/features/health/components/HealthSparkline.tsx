import type { ConnectorHealthItem, ConnectorHealthResponse } from '@reviewtrace/contracts';
import { formatShortDateTime } from '../../../lib/format.ts';

const WIDTH = 320;
const HEIGHT = 64;
const PAD = 3;
const HOUR_MS = 3_600_000;

interface Bucket {
  at: number;
  reviews: number;
  failed: number;
}

/**
 * The API sends only buckets that had reviews; the chart needs the quiet ones too, or a gap of a day
 * would look like continuous traffic. Buckets start on whole UTC hours or days, as the server's do.
 */
export function fillBuckets(
  series: ConnectorHealthItem['series'],
  window: Pick<ConnectorHealthResponse, 'from' | 'to' | 'bucket'>,
): Bucket[] {
  const size = window.bucket === 'hour' ? HOUR_MS : 24 * HOUR_MS;
  const byStart = new Map(series.map((point) => [Date.parse(point.at), point]));
  const buckets: Bucket[] = [];
  for (let at = Math.floor(Date.parse(window.from) / size) * size; at < Date.parse(window.to); at += size) {
    const point = byStart.get(at);
    buckets.push({ at, reviews: point?.reviews ?? 0, failed: point?.failed ?? 0 });
  }
  return buckets;
}

/**
 * Reviews per bucket as bars, failed ones as a line with dots: two shapes and a legend in words, so
 * the chart reads without telling blue from orange. The aria-label says the same in a sentence.
 */
export function HealthSparkline({
  item,
  window,
}: {
  item: ConnectorHealthItem;
  window: Pick<ConnectorHealthResponse, 'from' | 'to' | 'bucket'>;
}) {
  const buckets = fillBuckets(item.series, window);
  if (buckets.length === 0) return null;
  const peak = buckets.reduce((best, b) => (b.reviews > best.reviews ? b : best), buckets[0]!);
  const max = Math.max(1, peak.reviews);
  const step = (WIDTH - 2 * PAD) / buckets.length;
  const y = (count: number) => HEIGHT - PAD - (count / max) * (HEIGHT - 2 * PAD);
  const x = (index: number) => PAD + index * step + step / 2;
  const failedLine = buckets.map((b, i) => `${x(i).toFixed(1)},${y(b.failed).toFixed(1)}`).join(' ');
  const unit = window.bucket === 'hour' ? 'hour' : 'day';
  const label =
    `Reviews per ${unit} from ${formatShortDateTime(window.from)} to ${formatShortDateTime(window.to)}: ` +
    `${item.reviews} reviews, ${item.failed} failed` +
    (peak.reviews > 0 ? `; busiest ${unit} ${axisLabel(peak.at, window.bucket)} with ${peak.reviews}.` : '.');

  return (
    <figure className="health-chart">
      <figcaption className="chart-legend" aria-hidden="true">
        <span>
          <span className="legend-reviews">
            <span className="swatch" /> reviews
          </span>{' '}
          <span className="legend-failed">
            <span className="swatch" /> failed
          </span>
        </span>
        <span>
          peak {peak.reviews}/{unit}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <line x1={0} x2={WIDTH} y1={HEIGHT - PAD} y2={HEIGHT - PAD} className="chart-axis" />
        {buckets.map((b, i) => (
          <rect
            key={b.at}
            className="chart-reviews"
            x={PAD + i * step + step * 0.12}
            width={step * 0.76}
            y={y(b.reviews)}
            height={HEIGHT - PAD - y(b.reviews)}
          >
            <title>{`${axisLabel(b.at, window.bucket)}: ${b.reviews} reviews, ${b.failed} failed`}</title>
          </rect>
        ))}
        {/* A flat orange line on the axis would only hide it: no failures, no line (the label says 0). */}
        {item.failed > 0 && <polyline points={failedLine} className="chart-failed" />}
        {buckets.map((b, i) =>
          b.failed > 0 ? <circle key={b.at} cx={x(i)} cy={y(b.failed)} r={2.4} className="chart-failed-dot" /> : null,
        )}
      </svg>
      <div className="chart-axis-labels" aria-hidden="true">
        <span>{axisLabel(buckets[0]!.at, window.bucket)}</span>
        <span>{axisLabel(buckets[buckets.length - 1]!.at, window.bucket)}</span>
      </div>
    </figure>
  );
}

const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const hourLabel = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });

/** Day buckets need no clock time; hour buckets within two days need the weekday, not the date. */
const axisLabel = (at: number, bucket: ConnectorHealthResponse['bucket']) =>
  (bucket === 'day' ? dayLabel : hourLabel).format(new Date(at));
