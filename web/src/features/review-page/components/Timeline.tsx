import { isTerminal, type ReviewDetail } from '@reviewtrace/contracts';
import { formatClockMs, formatDateTime, formatDuration } from '../../../lib/format.ts';
import { useLiveNow } from '../../live/hooks/useLiveNow.ts';
import type { OpenModelCall } from '../model-call-wait.ts';
import {
  BracesIcon,
  CheckIcon,
  CircleSlashIcon,
  ClockIcon,
  LayersIcon,
  PlayIcon,
  TriangleAlertIcon,
  XIcon,
  type Icon,
} from '../../../components/ui/icons.ts';
import { timelinePhases, type PhaseIcon } from '../timeline-phases.ts';
import { ModelCallWait } from './ModelCallWait.tsx';

const phaseIcons: Record<PhaseIcon, Icon> = {
  queued: ClockIcon,
  running: PlayIcon,
  batches: LayersIcon,
  fallback: TriangleAlertIcon,
  parsing: BracesIcon,
  completed: CheckIcon,
  failed: XIcon,
  canceled: CircleSlashIcon,
};

/**
 * Queued → Running → Batches → Fallback used → Parsing → Completed/Failed, each with its time and
 * duration; the current step says when it is waiting on a quiet model stream.
 */
export function Timeline({ review, calls }: { review: ReviewDetail; calls: OpenModelCall[] }) {
  const finished = isTerminal(review.status);
  const { now } = useLiveNow(!finished);
  const phases = timelinePhases(
    review.milestones,
    review.batches,
    review.progress?.batchesTotal ?? review.batches.length,
  );
  const spans = phases.filter((p) => !p.marker);
  return (
    <section className="timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <ol>
        {phases.map((phase) => {
          const index = spans.indexOf(phase);
          const next = index >= 0 ? spans[index + 1] : undefined;
          const current = !finished && index === spans.length - 1;
          const end = phase.end ? Date.parse(phase.end) : next ? Date.parse(next.at) : finished ? null : now;
          const duration = phase.marker || end === null ? null : end - Date.parse(phase.at);
          const PhaseIconSvg = phaseIcons[phase.icon];
          return (
            <li
              key={phase.key}
              className={`milestone milestone-${phase.key}${current ? ' current' : ''}`}
              aria-current={current ? 'step' : undefined}
            >
              <PhaseIconSvg className="milestone-icon" />
              <span className="milestone-name">{phase.label}</span>
              <time dateTime={phase.at} title={formatDateTime(phase.at)}>
                {formatClockMs(phase.at)}
              </time>
              {duration !== null && <span className="muted tabular">{formatDuration(duration)}</span>}
              {current && <ModelCallWait calls={calls} connectorName={review.connector?.name ?? null} />}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
