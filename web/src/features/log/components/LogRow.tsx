import { memo, type MouseEvent } from 'react';
import { eventLevel, eventMessage, formatLogLine, type ReviewEvent } from '@reviewtrace/contracts';
import { formatClockMs, formatOffset } from '../../../lib/format.ts';
import { CopyIcon } from '../../../components/ui/icons.ts';

export const ROW_HEIGHT = 20;

export type TimeMode = 'relative' | 'absolute';

interface LogRowProps {
  seq: number;
  event: ReviewEvent | undefined;
  top: number;
  timeMode: TimeMode;
  origin: number;
  selected: boolean;
  currentMatch: boolean;
  highlight: string;
  onLineClick: (seq: number, extend: boolean) => void;
  onCopy: (line: string) => void;
}

/** One log line at a fixed height (the virtualizer needs no measuring, and `#L123` maps to a pixel offset). */
export const LogRow = memo(function LogRow(props: LogRowProps) {
  const { seq, event, top, timeMode, origin, selected, currentMatch, highlight } = props;
  const className = ['log-row', selected && 'selected', currentMatch && 'current-match'].filter(Boolean).join(' ');
  const style = { transform: `translateY(${top}px)`, height: ROW_HEIGHT };
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
  if (!event) {
    return (
      <div className={`${className} placeholder`} style={style} data-seq={seq}>
        {lineLink}
        <span className="log-text muted">loading…</span>
      </div>
    );
  }
  const level = eventLevel(event);
  const message = eventMessage(event).replace(/\r?\n/g, ' ⏎ ');
  return (
    <div className={className} style={style} data-seq={seq} data-level={level}>
      {lineLink}
      <time className="log-time" dateTime={event.time} title={event.time}>
        {timeMode === 'relative' ? formatOffset(event.time, origin) : formatClockMs(event.time)}
      </time>
      <span className={`log-level level-${level}`}>{level.toUpperCase()}</span>
      {event.batchId && <span className="log-batch">[{event.batchId}]</span>}
      <span className="log-text" title={message.length > 120 ? message.slice(0, 2000) : undefined}>
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
