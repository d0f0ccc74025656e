import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { EventsPage } from '@reviewtrace/contracts';
import { apiRequest } from '../../../lib/http.ts';
import { apiPaths } from '../../../lib/paths.ts';
import { copyText } from '../../../lib/clipboard.ts';
import { formatCount } from '../../../lib/format.ts';
import { inRange, lineHash, parseLineHash, type LineRange } from '../permalink.ts';
import type { LogData } from '../hooks/useLogData.ts';
import { useLogSearch } from '../hooks/useLogSearch.ts';
import { LogRow, ROW_HEIGHT, type TimeMode } from './LogRow.tsx';
import { LogToolbar } from './LogToolbar.tsx';
import { ArrowDownIcon } from '../../../components/ui/icons.ts';

/** How long the viewport must rest before the lines it shows are fetched (a scrollbar drag skips the rest). */
const LOAD_DEBOUNCE_MS = 60;

interface LogPanelProps {
  reviewId: number;
  log: LogData;
  /** Relative timestamps count from here (the review's start). */
  origin: number;
  batchIds: string[];
  eventTypes: string[];
}

/**
 * The virtualized log (ui.md, logs panel): opens at the tail, follows while at the bottom, loads the
 * pages the viewport shows, and understands `#L123` / `#L120-140` before those lines are loaded.
 * Not a live region: screen readers hear milestones from the page's status region instead.
 */
export function LogPanel({ reviewId, log, origin, batchIds, eventTypes }: LogPanelProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const [timeMode, setTimeMode] = useState<TimeMode>('relative');
  const [selection, setSelection] = useState<LineRange | null>(() => parseLineHash(window.location.hash));
  const [newLines, setNewLines] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const atBottom = useRef(selection === null);
  const pendingJump = useRef<number | null>(selection?.from ?? null);
  const search = useLogSearch(reviewId, log.filters);
  const currentMatchSeq = search.current >= 0 ? search.matches[search.current] : undefined;

  const virtualizer = useVirtualizer({
    count: log.count,
    getScrollElement: () => viewport.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 30,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;

  // Fetch the pages under the viewport once it rests (unfiltered log only; the filtered one grows on demand).
  useEffect(() => {
    if (log.filtered || log.count === 0) return;
    const timer = setTimeout(() => void log.store.ensure(firstIndex + 1, lastIndex + 1), LOAD_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [firstIndex, lastIndex, log.filtered, log.store, log.count]);

  const scrollToSeq = useCallback(
    (seq: number) => {
      const index = log.indexOfSeq(seq);
      if (index === undefined) return false;
      atBottom.current = false;
      virtualizer.scrollToIndex(index, { align: 'center' });
      return true;
    },
    [log, virtualizer],
  );

  // Follow mode: new lines keep the view pinned to the bottom only if it was there. "New" means past
  // the last line shown before; older lines loaded above (filtered view) are not news.
  const scrollToSeqRef = useRef(scrollToSeq);
  scrollToSeqRef.current = scrollToSeq;
  const lastSeqShown = log.count > 0 ? log.seqAt(log.count - 1) : undefined;
  const previous = useRef({ count: log.count, lastSeq: lastSeqShown, view: log.filtered });
  useLayoutEffect(() => {
    // Switching filters swaps the whole window: that is a new view, not new lines.
    const sameView = previous.current.view === log.filtered;
    const added = sameView ? log.count - previous.current.count : 0;
    const grewAtEnd = (lastSeqShown ?? 0) > (previous.current.lastSeq ?? 0);
    previous.current = { count: log.count, lastSeq: lastSeqShown, view: log.filtered };
    if (pendingJump.current !== null && log.count > 0) {
      if (scrollToSeqRef.current(pendingJump.current)) pendingJump.current = null;
      return;
    }
    const focusOnLine = !!document.activeElement?.closest('.log-row');
    if (atBottom.current && !focusOnLine) {
      if (log.count > 0) virtualizer.scrollToIndex(log.count - 1, { align: 'end' });
      setNewLines(0);
    } else if (added > 0 && grewAtEnd) {
      setNewLines((n) => n + added);
    }
  }, [log.count, lastSeqShown, log.filtered, virtualizer]);

  const onScroll = () => {
    const el = viewport.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
    if (atBottom.current) setNewLines(0);
    if (log.filtered && el.scrollTop < ROW_HEIGHT * 5 && log.filtered.hasOlder && !log.filtered.loading) {
      const before = el.scrollHeight;
      void log.filtered.loadOlder().then((added) => {
        // Keep the lines under the reader's eyes where they were.
        if (added > 0) requestAnimationFrame(() => (el.scrollTop += el.scrollHeight - before));
      });
    }
  };

  /** The reader scrolls or asks for the latest: a permalink still waiting for its line gives way. */
  const readerTookOver = () => {
    pendingJump.current = null;
  };

  const goLatest = () => {
    readerTookOver();
    atBottom.current = true;
    setNewLines(0);
    if (log.count > 0) virtualizer.scrollToIndex(log.count - 1, { align: 'end' });
  };

  /** Selects and shows a line, leaving the filtered view if that line is not in it. */
  const goToLine = useCallback(
    (seq: number, range?: LineRange) => {
      const next = range ?? { from: seq, to: seq };
      setSelection(next);
      window.history.replaceState(window.history.state, '', lineHash(next));
      if (!scrollToSeq(seq) && log.filtered) {
        pendingJump.current = seq;
        log.setFilters({ levels: [], types: [], batchIds: [] });
        setNotice(`Line ${formatCount(seq)} is not among the filtered lines shown, so the filters were cleared.`);
      }
    },
    [scrollToSeq, log],
  );

  // Edits of the address bar's #L… (and back/forward) select and scroll too.
  useEffect(() => {
    const onHash = () => {
      const range = parseLineHash(window.location.hash);
      if (range) goToLine(range.from, range);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [goToLine]);

  const onLineClick = useCallback(
    (seq: number, extend: boolean) => {
      const range =
        extend && selection
          ? { from: Math.min(selection.from, seq), to: Math.max(selection.to, seq) }
          : { from: seq, to: seq };
      setSelection(range);
      window.history.replaceState(window.history.state, '', lineHash(range));
    },
    [selection],
  );

  const onCopy = useCallback(async (line: string) => {
    setNotice((await copyText(line)) ? 'Line copied' : 'Copying was refused by the browser');
  }, []);

  const nextError = async () => {
    const firstInView = Math.floor((viewport.current?.scrollTop ?? 0) / ROW_HEIGHT);
    const anchor = selection?.to ?? log.seqAt(firstInView) ?? 0;
    const find = (after: number) =>
      apiRequest<EventsPage>(apiPaths.reviewEvents(reviewId, { after, level: 'error', limit: 1 }));
    try {
      let page = await find(anchor);
      if (page.events.length === 0 && anchor > 0) page = await find(0);
      const hit = page.events[0];
      if (hit) goToLine(hit.seq);
      else setNotice('No errors in this log.');
    } catch (error) {
      setNotice(error instanceof Error ? error.message : 'Could not look for errors');
    }
  };

  const goToMatch = async (which: 'next' | 'previous') => {
    const seq = which === 'next' ? await search.next() : search.previous();
    if (seq !== undefined) goToLine(seq);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if ((event.target as HTMLElement).closest('input, textarea, select')) return;
    if (event.key === 'End' || (event.key === 'G' && event.shiftKey)) {
      event.preventDefault();
      goLatest();
    } else if (event.key === 'e') {
      event.preventDefault();
      void nextError();
    } else if (event.key === 'n' || event.key === 'N') {
      event.preventDefault();
      void goToMatch(event.shiftKey ? 'previous' : 'next');
    } else if (event.key === '/') {
      event.preventDefault();
      document.getElementById(`log-search-${reviewId}`)?.focus();
    }
  };

  const [dismissedError, setDismissedError] = useState<string | null>(null);
  const rawStoreError = log.filtered ? log.filtered.error : log.store.error;
  const storeError = rawStoreError === dismissedError ? null : rawStoreError;

  return (
    <section className="log-panel" aria-labelledby="log-title" onKeyDown={onKeyDown}>
      <LogToolbar
        reviewId={reviewId}
        log={log}
        batchIds={batchIds}
        eventTypes={eventTypes}
        timeMode={timeMode}
        onTimeMode={setTimeMode}
        search={search}
        onMatch={goToMatch}
        onNextError={nextError}
        onLatest={goLatest}
      />
      {log.filtered?.full && (
        <p className="log-notice">Showing the latest 20,000 matching lines: narrow the filters to reach older ones.</p>
      )}
      {(notice || storeError) && (
        <p className="log-notice" role="status">
          {storeError ?? notice}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setNotice(null);
              setDismissedError(rawStoreError);
            }}
          >
            Dismiss
          </button>
        </p>
      )}
      <div
        ref={viewport}
        className="log-viewport"
        tabIndex={0}
        role="region"
        aria-live="off"
        aria-label={`Review log, ${formatCount(log.count)} lines. Keys: End for latest, e for next error, / to search, n and N for matches.`}
        onScroll={onScroll}
        onWheel={readerTookOver}
        onPointerDown={readerTookOver}
        data-testid="log-viewport"
      >
        {log.count === 0 ? (
          <p className="muted log-empty">{log.filtered?.loading ? 'Loading…' : 'No log lines yet.'}</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const seq = log.seqAt(item.index) ?? item.index + 1;
              return (
                <LogRow
                  key={seq}
                  seq={seq}
                  event={log.eventAt(item.index)}
                  top={item.start}
                  timeMode={timeMode}
                  origin={origin}
                  selected={inRange(selection, seq)}
                  currentMatch={seq === currentMatchSeq}
                  highlight={search.query.trim()}
                  onLineClick={onLineClick}
                  onCopy={onCopy}
                />
              );
            })}
          </div>
        )}
      </div>
      {newLines > 0 && (
        <button type="button" className="new-lines" onClick={goLatest}>
          <ArrowDownIcon /> {formatCount(newLines)} new {newLines === 1 ? 'line' : 'lines'}
        </button>
      )}
    </section>
  );
}
