import type { Milestone, ReviewDetail } from '@reviewtrace/contracts';
import { isTerminal } from '@reviewtrace/contracts';
import { formatClockMs, formatDateTime, formatDuration } from '../../../lib/format.ts';
import { useNow } from '../../../lib/use-now.ts';

const label = (m: Milestone) =>
  ({
    queued: 'Queued',
    running: 'Running',
    batch: `Batch ${m.batchId ?? ''}`,
    fallback: `Fallback used${m.batchId ? ` (${m.batchId})` : ''}`,
    parsing: 'Parsing',
    completed: 'Completed',
    failed: 'Failed',
    canceled: 'Canceled',
  })[m.name];

const icon: Record<Milestone['name'], string> = {
  queued: '◷',
  running: '▶',
  batch: '▤',
  fallback: '▲',
  parsing: '{ }',
  completed: '✓',
  failed: '✕',
  canceled: '⊘',
};

/** Queued → Running → Batch N → Fallback used → Parsing → Completed/Failed, each with time and duration. */
export function Timeline({ review }: { review: ReviewDetail }) {
  const finished = isTerminal(review.status);
  const now = useNow(!finished);
  const milestones = review.milestones;
  return (
    <section className="timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <ol>
        {milestones.map((milestone, index) => {
          const next = milestones[index + 1];
          const current = !finished && index === milestones.length - 1;
          const end = next ? Date.parse(next.at) : finished ? null : now;
          const duration = end === null ? null : end - Date.parse(milestone.at);
          return (
            <li
              key={`${milestone.name}-${milestone.batchId ?? ''}-${index}`}
              className={`milestone milestone-${milestone.name}${current ? ' current' : ''}`}
              aria-current={current ? 'step' : undefined}
            >
              <span className="milestone-icon" aria-hidden="true">
                {icon[milestone.name]}
              </span>
              <span className="milestone-name">{label(milestone)}</span>
              <time dateTime={milestone.at} title={formatDateTime(milestone.at)}>
                {formatClockMs(milestone.at)}
              </time>
              {duration !== null && <span className="muted tabular">{formatDuration(duration)}</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
