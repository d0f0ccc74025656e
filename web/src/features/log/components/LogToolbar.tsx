import { apiPaths } from '../../../lib/paths.ts';
import { formatCount, timeZoneLabel } from '../../../lib/format.ts';
import type { LogData } from '../hooks/useLogData.ts';
import type { LogSearch } from '../hooks/useLogSearch.ts';
import type { TimeMode } from './LogRow.tsx';
import { ArrowDownIcon, ArrowUpIcon } from '../../../components/ui/icons.ts';
import { isOnlyLevelShown, levelShown, logLevels, toggledLevels } from '../level-filter.ts';

interface LogToolbarProps {
  reviewId: number;
  log: LogData;
  batchIds: string[];
  eventTypes: string[];
  timeMode: TimeMode;
  onTimeMode: (mode: TimeMode) => void;
  wrap: boolean;
  onWrap: (wrap: boolean) => void;
  search: LogSearch;
  onMatch: (which: 'next' | 'previous') => void;
  onNextError: () => void;
  onLatest: () => void;
  onShortcuts: () => void;
}

export function LogToolbar(props: LogToolbarProps) {
  const { reviewId, log, search } = props;
  const { filters } = log;
  const toggleLevel = (level: string) => log.setFilters({ ...filters, levels: toggledLevels(filters.levels, level) });
  const matchText = search.searching
    ? 'Searching…'
    : search.error
      ? search.error
      : search.query.trim()
        ? search.matches.length === 0
          ? 'No matches'
          : `${search.current >= 0 ? `${formatCount(search.current + 1)} of ` : ''}${formatCount(search.matches.length)}${search.more ? '+' : ''} ${search.matches.length === 1 && !search.more ? 'match' : 'matches'}`
        : '';

  return (
    <div className="log-toolbar">
      <h2 id="log-title">Log</h2>
      <fieldset className="log-levels">
        <legend className="visually-hidden">Levels</legend>
        {logLevels.map((level) => (
          <label key={level} className={`chip level-${level}`}>
            <input
              type="checkbox"
              checked={levelShown(filters.levels, level)}
              disabled={isOnlyLevelShown(filters.levels, level)}
              onChange={() => toggleLevel(level)}
            />
            {level}
          </label>
        ))}
      </fieldset>
      <label>
        <span className="visually-hidden">Event type</span>
        <select
          aria-label="Event type"
          value={filters.types[0] ?? ''}
          onChange={(e) => log.setFilters({ ...filters, types: e.target.value ? [e.target.value] : [] })}
        >
          <option value="">All types</option>
          {props.eventTypes.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span className="visually-hidden">Batch</span>
        <select
          aria-label="Batch"
          value={filters.batchIds[0] ?? ''}
          onChange={(e) => log.setFilters({ ...filters, batchIds: e.target.value ? [e.target.value] : [] })}
        >
          <option value="">All batches</option>
          {props.batchIds.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
      <form
        className="log-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          props.onMatch('next');
        }}
      >
        <label htmlFor={`log-search-${reviewId}`} className="visually-hidden">
          Search the whole log
        </label>
        <input
          id={`log-search-${reviewId}`}
          type="search"
          placeholder="Search the whole log"
          value={search.query}
          onChange={(e) => search.setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && e.shiftKey) {
              e.preventDefault();
              props.onMatch('previous');
            }
          }}
        />
        <span className="match-count" aria-live="polite">
          {matchText}
        </span>
        <button
          type="button"
          onClick={() => props.onMatch('previous')}
          disabled={search.matches.length === 0}
          aria-label="Previous match"
        >
          <ArrowUpIcon />
        </button>
        <button type="submit" disabled={search.matches.length === 0} aria-label="Next match">
          <ArrowDownIcon />
        </button>
      </form>
      <button type="button" onClick={props.onNextError} aria-keyshortcuts="e" title="Shortcut: e">
        Next error
      </button>
      <button type="button" onClick={props.onLatest} aria-keyshortcuts="End" title="Shortcut: End">
        Latest
      </button>
      <label className="time-mode">
        <span className="visually-hidden">Timestamps</span>
        <select
          aria-label="Timestamps"
          value={props.timeMode}
          onChange={(e) => props.onTimeMode(e.target.value as TimeMode)}
        >
          <option value="relative">Relative (+mm:ss)</option>
          <option value="absolute">Absolute ({timeZoneLabel()})</option>
        </select>
      </label>
      <label className="chip wrap-toggle">
        <input type="checkbox" checked={props.wrap} onChange={(e) => props.onWrap(e.target.checked)} />
        Wrap lines
      </label>
      <button type="button" onClick={props.onShortcuts} aria-label="Keyboard shortcuts" title="Shortcut: ?">
        ?
      </button>
      <span className="log-downloads">
        Download <a href={apiPaths.reviewLog(reviewId, 'text')}>text</a> ·{' '}
        <a href={apiPaths.reviewLog(reviewId, 'ndjson')}>NDJSON</a>
      </span>
    </div>
  );
}
