import { memo, type MouseEvent } from 'react';
import { eventLevel, eventMessage, formatLogLine, type ReviewEvent } from '@reviewtrace/contracts';
import { formatClockMs, formatDuration, formatOffset } from '../../../lib/format.ts';
import type { LogSection, SectionOutcome } from '../sections.ts';
import {
  CheckIcon,
  ChevronDownIcon,
  ChevronRightIcon,
  CircleSlashIcon,
  ClockIcon,
  CopyIcon,
  LoaderIcon,
  TriangleAlertIcon,
  XIcon,
  type Icon,
} from '../../../components/ui/icons.ts';

export const ROW_HEIGHT = 20;

export type TimeMode = 'relative' | 'absolute';

const outcomeLook: Record<SectionOutcome, { Icon: Icon; label: string }> = {
  success: { Icon: CheckIcon, label: 'succeeded' },
  failed: { Icon: XIcon, label: 'failed' },
  running: { Icon: LoaderIcon, label: 'running' },
  warning: { Icon: TriangleAlertIcon, label: 'succeeded with fallback' },
  canceled: { Icon: CircleSlashIcon, label: 'canceled' },
  queued: { Icon: ClockIcon, label: 'queued' },
};

interface LogRowProps {
  seq: number;
  index: number;
  event: ReviewEvent | undefined;
  top: number;
  timeMode: TimeMode;
  origin: number;
  selected: boolean;
  currentMatch: boolean;
  highlight: string;
  /** Long text wraps (wrap mode, or this line was tapped open); the row is then measured. */
  wrapped: boolean;
  /** Set on a section's first line: the row is also the section's header. */
  section?: LogSection;
  collapsed?: boolean;
  measure?: (element: HTMLElement | null) => void;
  onLineClick: (seq: number, extend: boolean) => void;
  onCopy: (line: string) => void;
  onToggleSection?: (id: string) => void;
  onExpandLine: (seq: number) => void;
}

/**
 * One log line. Unwrapped rows have a fixed height (the virtualizer needs no measuring, and `#L123`
 * maps to a pixel offset); wrapped ones are measured.
 */
export const LogRow = memo(function LogRow(props: LogRowProps) {
  const { seq, event, top, timeMode, origin, selected, currentMatch, highlight, section, wrapped } = props;
  const className = [
    'log-row',
    selected && 'selected',
    currentMatch && 'current-match',
    section && 'section-start',
    wrapped && 'wrapped',
  ]
    .filter(Boolean)
    .join(' ');
  const style = wrapped
    ? { transform: `translateY(${top}px)`, minHeight: ROW_HEIGHT }
    : { transform: `translateY(${top}px)`, height: ROW_HEIGHT };
  const lineLink = (
    <a
      className="line-no"
      href={`#L${seq}`}
      onClick={(e: MouseEvent) => {
        e.preventDefault();
        props.onLineClick(seq, e.shiftKey);
      }}
    >
      {seq}
    </a>
  );
  const toggle = section && (
    <button
      type="button"
      className="section-toggle"
      aria-expanded={!props.collapsed}
      aria-label={`${props.collapsed ? 'Expand' : 'Collapse'} ${section.title}`}
      onClick={() => props.onToggleSection?.(section.id)}
    >
      {props.collapsed ? <ChevronRightIcon /> : <ChevronDownIcon />}
    </button>
  );
  const SectionIcon = section ? outcomeLook[section.outcome].Icon : undefined;
  const header = section && SectionIcon && (
    <span className={`section-head outcome-${section.outcome}`}>
      <strong>{section.title}</strong>
      <span className="section-outcome">
        <SectionIcon className="section-outcome-icon" /> {outcomeLook[section.outcome].label}
      </span>
      {section.durationMs !== null && <span className="section-duration">{formatDuration(section.durationMs)}</span>}
      <span className="visually-hidden">
        , lines {section.from} to {section.to}
      </span>
    </span>
  );
  if (!event) {
    return (
      <div
        className={`${className} placeholder`}
        style={style}
        data-seq={seq}
        data-index={props.index}
        ref={props.measure}
      >
        {lineLink}
        {toggle}
        {header}
        <span className="log-text muted">loading…</span>
      </div>
    );
  }
  const level = eventLevel(event);
  const message = eventMessage(event).replace(/\r?\n/g, ' ⏎ ');
  return (
    <div
      className={className}
      style={style}
      data-seq={seq}
      data-level={level}
      data-index={props.index}
      ref={props.measure}
    >
      {lineLink}
      {toggle}
      <time className="log-time" dateTime={event.time} title={event.time}>
        {timeMode === 'relative' ? formatOffset(event.time, origin) : formatClockMs(event.time)}
      </time>
      <span className={`log-level level-${level}`}>{level.toUpperCase()}</span>
      {header}
      {event.batchId && !section && <span className="log-batch">[{event.batchId}]</span>}
      <span
        className="log-text"
        title={!wrapped && message.length > 120 ? message.slice(0, 2000) : undefined}
        onClick={(e) => {
          // A tap opens a cut-off line in place (narrow screens cut most of them).
          const text = e.currentTarget;
          if (wrapped || text.scrollWidth > text.clientWidth) props.onExpandLine(seq);
        }}
      >
        <Highlighted text={message} term={highlight} />
      </span>
      <button
        type="button"
        className="copy-line"
        aria-label={`Copy line ${seq}`}
        title="Copy line"
        onClick={() => props.onCopy(formatLogLine(event))}
      >
        <CopyIcon />
      </button>
    </div>
  );
});

function Highlighted({ text, term }: { text: string; term: string }) {
  if (!term) return <>{text}</>;
  const index = text.toLowerCase().indexOf(term.toLowerCase());
  if (index < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, index)}
      <mark>{text.slice(index, index + term.length)}</mark>
      {text.slice(index + term.length)}
    </>
  );
}
