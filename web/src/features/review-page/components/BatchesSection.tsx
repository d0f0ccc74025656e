import { ColumnHeads } from '../../../components/ui/table-heads.tsx';
import type { ApiStatus, BatchSummary, ReviewDetail } from '@reviewtrace/contracts';
import { WarningPill } from '../../../components/ui/StatusPill.tsx';
import {
  CheckIcon,
  CircleSlashIcon,
  ClockIcon,
  LoaderIcon,
  TriangleAlertIcon,
  XIcon,
  type Icon,
} from '../../../components/ui/icons.ts';
import { formatClockMs, formatCount, formatDuration } from '../../../lib/format.ts';
import { useLiveNow } from '../../live/hooks/useLiveNow.ts';
import { batchLabel } from '../../../lib/wording.ts';
import { batchOutcome, batchStatusLook, type BatchIconName } from '../batch-progress.ts';
import { ModelCallsTable } from './ModelCallsTable.tsx';
import { batchUsageView } from '../usage-view.ts';
import { waterfallBar } from '../waterfall.ts';

const batchIcons: Record<BatchIconName, Icon> = {
  succeeded: CheckIcon,
  failed: XIcon,
  canceled: CircleSlashIcon,
  waiting: ClockIcon,
  warning: TriangleAlertIcon,
  running: LoaderIcon,
};

function BatchStatus({ batch, reviewStatus }: { batch: BatchSummary; reviewStatus: ApiStatus }) {
  const look = batchStatusLook(batch, reviewStatus);
  const StatusIcon = batchIcons[look.icon];
  return (
    <span className={`pill ${look.className}`} data-batch-status={look.label}>
      <StatusIcon className={look.spinner ? 'spin' : undefined} />
      {look.label}
    </span>
  );
}

const batchColumns = [
  'Batch',
  'Files',
  'Tokens (est.)',
  'Started',
  'Finished',
  'Duration',
  'Attempts',
  'Status',
  'Fallback',
  'Tokens',
  'TTFT',
  'Tokens/s',
  'Load',
  'Cost',
] as const;

/** The batches table and, above it, a waterfall of where the time went. */
export function BatchesSection({ review }: { review: ReviewDetail }) {
  const running = review.status === 'running';
  const { now } = useLiveNow(running);
  if (review.batches.length === 0) return null;
  const start = Date.parse(review.startedAt ?? review.createdAt);
  const end = review.completedAt
    ? Date.parse(review.completedAt)
    : running
      ? now
      : Math.max(start + 1, ...review.batches.map(finishOf(now)));
  const span = Math.max(1, end - start);

  return (
    <section className="batches" aria-labelledby="batches-title">
      <h2 id="batches-title">Batches</h2>
      <div
        className="waterfall"
        role="img"
        aria-label={`Waterfall of ${review.batches.length} batches over ${formatDuration(span)}`}
      >
        {review.batches.map((batch) => {
          const bar = waterfallBar(batch, { start, end }, now);
          return (
            <div className="waterfall-row" key={batch.batchId}>
              <span className="waterfall-label">{batchLabel(batch.batchId)}</span>
              <span className="waterfall-track">
                <span
                  className={`waterfall-bar bar-${batchOutcome(batch, review.status)}${batch.fallbackUsed ? ' bar-fallback' : ''}`}
                  style={{ left: `${bar.left}%`, width: `${bar.width}%` }}
                  title={`${batchLabel(batch.batchId)}: ${formatDuration(bar.ms)}${batch.fallbackUsed ? ' (fallback used)' : ''}`}
                />
              </span>
            </div>
          );
        })}
        <div className="waterfall-axis" aria-hidden="true">
          <span>0 s</span>
          <span>{formatDuration(span / 2)}</span>
          <span>{formatDuration(span)}</span>
        </div>
      </div>
      {/* Focusable: with its usage columns the table can scroll sideways, and keyboards must reach it. */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Batches table">
        <table className="batches-table">
          <thead>
            <tr>
              <ColumnHeads names={batchColumns} />
            </tr>
          </thead>
          <tbody>
            {review.batches.map((batch) => (
              <BatchRow key={batch.batchId} batch={batch} review={review} now={now} />
            ))}
          </tbody>
        </table>
      </div>
      <ModelCallsTable batches={review.batches} />
    </section>
  );
}

function BatchRow({ batch, review, now }: { batch: BatchSummary; review: ReviewDetail; now: number }) {
  const running = review.status === 'running';
  const usage = batchUsageView(batch);
  return (
    <tr data-batch={batch.batchId}>
      <th scope="row">{batchLabel(batch.batchId)}</th>
      <td>{batch.fileCount ?? '—'}</td>
      <td>{batch.tokenEstimate === null ? '—' : formatCount(batch.tokenEstimate)}</td>
      <td>{batch.startedAt ? formatClockMs(batch.startedAt) : '—'}</td>
      <td>{batch.finishedAt ? formatClockMs(batch.finishedAt) : '—'}</td>
      <td className="tabular">
        {formatDuration(
          batch.durationMs ??
            (batch.startedAt && !batch.finishedAt && running ? now - Date.parse(batch.startedAt) : null),
        )}
      </td>
      <td>{batch.attempts}</td>
      <td>
        <BatchStatus batch={batch} reviewStatus={review.status} />
      </td>
      <td>{batch.fallbackUsed ? <WarningPill>non-streaming</WarningPill> : <span className="muted">no</span>}</td>
      <td className="tabular">{usage.tokens}</td>
      <td className="tabular">{usage.ttft}</td>
      <td className="tabular">{usage.rate}</td>
      <td className="tabular">{usage.load}</td>
      <td className="tabular" title={usage.costNote}>
        {usage.cost}
      </td>
    </tr>
  );
}

const finishOf = (now: number) => (batch: BatchSummary) =>
  batch.finishedAt ? Date.parse(batch.finishedAt) : batch.startedAt ? now : 0;
