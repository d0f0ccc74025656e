import { isTerminal, type ApiStatus, type ReviewEvent } from '@reviewtrace/contracts';
import { useMemo } from 'react';
import { useLiveNow } from '../../live/hooks/useLiveNow.ts';
import { timeBreakdown } from '../time-breakdown.ts';
import { percentText, timeBarView } from '../time-bar-view.ts';

/**
 * "Where the time went": one bar for the whole review, live while it runs, and a legend that names
 * every part with its duration and share (the colours are never the only way to read it).
 */
export function TimeBar({ status, events, loaded }: { status: ApiStatus; events: ReviewEvent[]; loaded: boolean }) {
  const { now } = useLiveNow(!isTerminal(status));
  const breakdown = useMemo(() => timeBreakdown(events, now), [events, now]);
  if (!loaded || breakdown.parts.length === 0) return null;
  const view = timeBarView(breakdown);
  return (
    <section className="time-bar" aria-labelledby="time-bar-title">
      <h2 id="time-bar-title">
        Where the time went <span className="muted small tabular">· {view.total}</span>
      </h2>
      <div className="time-bar-track" role="img" aria-label={view.summary}>
        {view.segments.map((segment) => (
          <span
            key={segment.category}
            className={`time-part time-${segment.category}`}
            style={{ width: `${segment.percent}%` }}
            title={segment.title}
          />
        ))}
      </div>
      <ul className="time-legend">
        {view.segments.map((segment) => (
          <li key={segment.category} title={segment.title} data-time-part={segment.category}>
            <span className={`time-swatch time-${segment.category}`} aria-hidden="true" />
            <span>{segment.label}</span>
            <span className="tabular">{segment.duration}</span>
            <span className="muted tabular">{percentText(segment.percent)}</span>
          </li>
        ))}
      </ul>
      <p className="muted small time-note">{view.note}</p>
    </section>
  );
}
