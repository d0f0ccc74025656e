import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { EventsPageSchema, type ReviewDetail } from '@reviewtrace/contracts';
import { apiRequest } from '../../../lib/http.ts';
import { apiPaths } from '../../../lib/paths.ts';
import { copyText } from '../../../lib/clipboard.ts';
import { formatCount } from '../../../lib/format.ts';
import { inRange, lineHash, parseLineHash, type LineRange } from '../permalink.ts';
import type { LogData } from '../hooks/useLogData.ts';
import { useLogSearch } from '../hooks/useLogSearch.ts';
import { useLogSections } from '../hooks/useLogSections.ts';
import { useLogShortcuts } from '../hooks/useLogShortcuts.ts';
import { LogRow, ROW_HEIGHT, type TimeMode } from './LogRow.tsx';
import { LogToolbar } from './LogToolbar.tsx';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { ArrowDownIcon } from '../../../components/ui/icons.ts';

/** How long the viewport must rest before the lines it shows are fetched (a scrollbar drag skips the rest). */
const LOAD_DEBOUNCE_MS = 60;

interface LogPanelProps {
  review: ReviewDetail;
  log: LogData;
  /** Relative timestamps count from here (the review's start). */
  origin: number;
  eventTypes: string[];
}

/** What the virtual list shows: the flat (or filtered) log, or the sectioned log with collapsed parts. */
interface LogView {
  count: number;
  seqAt: (index: number) => number | undefined;
  indexOfSeq: (seq: number) => number | undefined;
  /** Runs of lines rows [first, last] show, to load. */
  runs: (first: number, last: number) => { from: number; to: number }[];
}

/**
 * The virtualized log (ui.md, logs panel): opens at the tail, follows while at the bottom, loads the
 * pages the viewport shows, groups lines into collapsible sections per phase and batch, and
 * understands `#L123` / `#L120-140` before those lines are loaded. Not a live region: screen readers
 * hear milestones from the page's status region instead.
 */
export function LogPanel({ review, log, origin, eventTypes }: LogPanelProps) {
  const reviewId = review.id;
  const viewport = useRef<HTMLDivElement>(null);
  const [timeMode, setTimeMode] = useState<TimeMode>('relative');
  const [wrap, setWrap] = useState(false);
  const [expandedSeq, setExpandedSeq] = useState<number | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [selection, setSelection] = useState<LineRange | null>(() => parseLineHash(window.location.hash));
  const [newLines, setNewLines] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const atBottom = useRef(selection === null);
  const pendingJump = useRef<number | null>(selection?.from ?? null);
  /** A permalink jump also brings the panel into the page's view (the line may be far below the fold). */
  const pageScrollPending = useRef(selection !== null);
  const search = useLogSearch(reviewId, log.filters);
  const currentMatchSeq = search.current >= 0 ? search.matches[search.current] : undefined;
  const sections = useLogSections(review, log.store.lastSeq, selection?.from);
  const sectioned = !log.filtered && sections.sections.length > 0;

  const view: LogView = useMemo(
    () =>
      sectioned
        ? {
            count: sections.rows.count,
            seqAt: (index) => sections.rows.seqAt(index),
            indexOfSeq: (seq) => sections.rows.indexOfSeq(seq),
            runs: (first, last) => sections.rows.runs(first, last),
          }
        : {
            count: log.count,
            seqAt: log.seqAt,
            indexOfSeq: log.indexOfSeq,
            runs: (first, last) => [{ from: first + 1, to: last + 1 }],
          },
    [sectioned, sections.rows, log.count, log.seqAt, log.indexOfSeq],
  );
  const measured = wrap || expandedSeq !== null;

  const virtualizer = useVirtualizer({
    count: view.count,
    getScrollElement: () => viewport.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => view.seqAt(index) ?? index,
    overscan: 30,
  });
  // Sizes measured while wrapping belong to that mode: forget them when it ends.
  useLayoutEffect(() => {
    if (!measured) virtualizer.measure();
  }, [measured, virtualizer]);
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;

  // Fetch the lines under the viewport once it rests (unfiltered log only; the filtered one grows on demand).
  useEffect(() => {
    if (log.filtered || view.count === 0) return;
    const timer = setTimeout(() => {
      for (const run of view.runs(firstIndex, lastIndex)) void log.store.ensure(run.from, run.to);
    }, LOAD_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [firstIndex, lastIndex, log.filtered, log.store, view]);

  /** Centres a line in the log (expanding its section first); false while it cannot be shown yet. */
  const scrollToSeq = useCallback(
    (seq: number) => {
      const section = sectioned ? sections.sectionAt(seq) : undefined;
      if (section && section.from !== seq && sections.collapsed.has(section.id)) {
        sections.reveal(seq);
        return false;
      }
      const index = view.indexOfSeq(seq);
      if (index === undefined) return false;
      atBottom.current = false;
      virtualizer.scrollToIndex(index, { align: 'center' });
      if (pageScrollPending.current) {
        pageScrollPending.current = false;
        bringIntoPage(viewport.current);
      }
      return true;
    },
    [view, virtualizer, sectioned, sections],
  );

  // A failed review opens on its failing section, at its first error (unless a permalink says otherwise).
  const openedOn = sections.openedOn;
  const errorJump = useRef<string | null>(null);
  useEffect(() => {
    if (!openedOn || selection) return;
    errorJump.current = openedOn.id;
    atBottom.current = false;
    pendingJump.current = openedOn.from;
    setNewLines(0);
    void apiRequest(
      EventsPageSchema,
      apiPaths.reviewEvents(reviewId, { after: openedOn.from - 1, level: 'error', limit: 1 }),
    )
      .then((page) => {
        const error = page.events[0];
        if (errorJump.current !== openedOn.id || !error || error.seq > openedOn.to) return;
        errorJump.current = null;
        readerScrolled.current = true;
        setSelection({ from: error.seq, to: error.seq });
        pendingJump.current = error.seq;
        if (scrollToSeqRef.current(error.seq)) pendingJump.current = null;
      })
      .catch(() => {
        // The section's header is shown instead.
      });
    // Once, when the section is known: later selections are the reader's.
  }, [openedOn, reviewId]);

  // Sections arriving re-lay the rows: a selected line the reader has not scrolled away from stays in view.
  const readerScrolled = useRef(false);
  const sectionsReady = sections.ready;
  useLayoutEffect(() => {
    if (sectionsReady && selection && !readerScrolled.current && pendingJump.current === null)
      pendingJump.current = selection.from;
    // Only when the sections first arrive.
  }, [sectionsReady]);

  // Follow mode: new lines keep the view pinned to the bottom only if it was there. "New" means past
  // the last line shown before; older lines loaded above (filtered view) are not news.
  const scrollToSeqRef = useRef(scrollToSeq);
  scrollToSeqRef.current = scrollToSeq;
  const lastSeqShown = view.count > 0 ? view.seqAt(view.count - 1) : undefined;
  const previous = useRef({ count: view.count, lastSeq: lastSeqShown, view: log.filtered });
  useLayoutEffect(() => {
    // Switching filters swaps the whole window: that is a new view, not new lines.
    const sameView = previous.current.view === log.filtered;
    const added = sameView ? view.count - previous.current.count : 0;
    const grewAtEnd = (lastSeqShown ?? 0) > (previous.current.lastSeq ?? 0);
    previous.current = { count: view.count, lastSeq: lastSeqShown, view: log.filtered };
    if (pendingJump.current !== null && view.count > 0) {
      if (scrollToSeqRef.current(pendingJump.current)) pendingJump.current = null;
      return;
    }
    const focusOnLine = !!document.activeElement?.closest('.log-row');
    if (atBottom.current && !focusOnLine) {
      if (view.count > 0) virtualizer.scrollToIndex(view.count - 1, { align: 'end' });
      setNewLines(0);
    } else if (added > 0 && grewAtEnd) {
      setNewLines((n) => n + added);
    }
  }, [view, lastSeqShown, log.filtered, virtualizer]);

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
    errorJump.current = null;
    pageScrollPending.current = false;
  };

  const goLatest = () => {
    readerTookOver();
    atBottom.current = true;
    setNewLines(0);
    const last = log.filtered ? undefined : log.store.lastSeq;
    if (last) sections.reveal(last);
    if (view.count > 0) virtualizer.scrollToIndex(view.count - 1, { align: 'end' });
  };

  /** Selects and shows a line, leaving the filtered view if that line is not in it. */
  const goToLine = useCallback(
    (seq: number, range?: LineRange) => {
      const next = range ?? { from: seq, to: seq };
      setSelection(next);
      window.history.replaceState(window.history.state, '', lineHash(next));
      if (scrollToSeq(seq)) return;
      pendingJump.current = seq;
      if (log.filtered && view.indexOfSeq(seq) === undefined) {
        log.setFilters({ levels: [], types: [], batchIds: [] });
        setNotice(`Line ${formatCount(seq)} is not among the filtered lines shown, so the filters were cleared.`);
      }
    },
    [scrollToSeq, log, view],
  );

  // Edits of the address bar's #L… (and back/forward) select and scroll, the page too.
  useEffect(() => {
    const onHash = () => {
      const range = parseLineHash(window.location.hash);
      if (!range) return;
      pageScrollPending.current = true;
      goToLine(range.from, range);
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

  const onExpandLine = useCallback((seq: number) => setExpandedSeq((current) => (current === seq ? null : seq)), []);

  const nextError = async () => {
    const firstInView = virtualizer.range?.startIndex ?? 0;
    const anchor = selection?.to ?? view.seqAt(firstInView) ?? 0;
    const find = (after: number) =>
      apiRequest(EventsPageSchema, apiPaths.reviewEvents(reviewId, { after, level: 'error', limit: 1 }));
    try {
      let page = await find(anchor);
      if (page.events.length === 0 && anchor > 0) page = await find(0);
      const hit = page.events[0];
      if (hit) {
        pageScrollPending.current = true;
        goToLine(hit.seq);
      } else setNotice('No errors in this log.');
    } catch (error) {
      setNotice(error instanceof Error ? error.message : 'Could not look for errors');
    }
  };

  const goToMatch = async (which: 'next' | 'previous') => {
    const seq = which === 'next' ? await search.next() : search.previous();
    if (seq !== undefined) goToLine(seq);
  };

  const focusSearch = () => {
    const input = document.getElementById(`log-search-${reviewId}`);
    input?.scrollIntoView({ block: 'nearest' });
    input?.focus();
  };

  useLogShortcuts({
    latest: goLatest,
    nextError: () => void nextError(),
    match: (which) => void goToMatch(which),
    focusSearch,
    toggleHelp: () => setHelpOpen((open) => !open),
  });

  const [dismissedError, setDismissedError] = useState<string | null>(null);
  const rawStoreError = log.filtered ? log.filtered.error : log.store.error;
  const storeError = rawStoreError === dismissedError ? null : rawStoreError;

  return (
    <section className="log-panel" aria-labelledby="log-title">
      <LogToolbar
        reviewId={reviewId}
        log={log}
        batchIds={review.batches.map((b) => b.batchId)}
        eventTypes={eventTypes}
        timeMode={timeMode}
        onTimeMode={setTimeMode}
        wrap={wrap}
        onWrap={setWrap}
        search={search}
        onMatch={goToMatch}
        onNextError={nextError}
        onLatest={goLatest}
        onShortcuts={() => setHelpOpen(true)}
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
        className={`log-viewport${wrap ? ' wrap' : ''}`}
        tabIndex={0}
        role="region"
        aria-live="off"
        aria-label={`Review log, ${formatCount(log.count)} lines. Press ? for keyboard shortcuts.`}
        onScroll={onScroll}
        onWheel={readerTookOver}
        onPointerDown={readerTookOver}
        data-testid="log-viewport"
      >
        {view.count === 0 ? (
          <p className="muted log-empty">{log.filtered?.loading ? 'Loading…' : 'No log lines yet.'}</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const seq = view.seqAt(item.index) ?? item.index + 1;
              const section = sectioned ? sections.sectionAt(seq) : undefined;
              const header = section?.from === seq ? section : undefined;
              const wrapped = wrap || expandedSeq === seq;
              return (
                <LogRow
                  key={seq}
                  seq={seq}
                  index={item.index}
                  event={log.filtered ? log.eventAt(item.index) : log.store.get(seq)}
                  top={item.start}
                  timeMode={timeMode}
                  origin={origin}
                  selected={inRange(selection, seq)}
                  currentMatch={seq === currentMatchSeq}
                  highlight={search.query.trim()}
                  wrapped={wrapped}
                  section={header}
                  collapsed={header ? sections.collapsed.has(header.id) : undefined}
                  measure={measured ? virtualizer.measureElement : undefined}
                  onLineClick={onLineClick}
                  onCopy={onCopy}
                  onToggleSection={sections.toggle}
                  onExpandLine={onExpandLine}
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
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
    </section>
  );
}

/** Scrolls the page so the log panel is centred, unless it is wholly in view already. */
function bringIntoPage(element: HTMLElement | null) {
  if (!element) return;
  const box = element.getBoundingClientRect();
  if (box.top >= 0 && box.bottom <= window.innerHeight) return;
  element.scrollIntoView({ block: 'center' });
}
