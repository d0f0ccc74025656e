import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ReviewDetail } from '@reviewtrace/contracts';
import { copyText } from '../../../lib/clipboard.ts';
import { formatCount } from '../../../lib/format.ts';
import { inRange } from '../permalink.ts';
import type { LogData } from '../hooks/useLogData.ts';
import { useFollowMode } from '../hooks/useFollowMode.ts';
import { useLogKeys } from '../hooks/useLogKeys.ts';
import { useLogSearch } from '../hooks/useLogSearch.ts';
import { useLogSections } from '../hooks/useLogSections.ts';
import { useLogView } from '../hooks/useLogView.ts';
import { useLineSelection, usePermalink } from '../hooks/usePermalink.ts';
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

/**
 * The virtualized log (ui.md, logs panel): opens at the tail, follows while at the bottom
 * (useFollowMode), loads the pages the viewport shows, groups lines into collapsible sections per
 * phase and batch, and understands `#L123` / `#L120-140` before those lines are loaded (usePermalink);
 * its keys are in useLogKeys. Not a live region: screen readers hear milestones from the page's
 * status region instead.
 *
 * The hooks' order matters: the permalink's layout effect queues a jump that follow mode's, run after
 * it in the same commit, takes.
 */
export function LogPanel({ review, log, origin, eventTypes }: LogPanelProps) {
  const reviewId = review.id;
  const viewport = useRef<HTMLDivElement>(null);
  const [timeMode, setTimeMode] = useState<TimeMode>('relative');
  const [wrap, setWrap] = useState(false);
  const [expandedSeq, setExpandedSeq] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [selection, setSelection] = useLineSelection();
  const search = useLogSearch(reviewId, log.filters);
  const currentMatchSeq = search.current >= 0 ? search.matches[search.current] : undefined;
  const sections = useLogSections(review, log.store.lastSeq, selection?.from);
  const view = useLogView(log, sections);
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

  const permalink = usePermalink({
    reviewId,
    log,
    view,
    sections,
    virtualizer,
    viewport,
    selection,
    setSelection,
    followMode: () => follow,
    say: setNotice,
  });
  const follow = useFollowMode({
    log,
    view,
    sections,
    virtualizer,
    viewport,
    initiallyFollowing: selection === null,
    takePendingJump: permalink.takePendingJump,
    readerTookOver: permalink.readerTookOver,
  });
  const keys = useLogKeys({
    reviewId,
    search,
    errorAnchor: () => selection?.to ?? view.seqAt(virtualizer.range?.startIndex ?? 0) ?? 0,
    goToLine: permalink.goToLine,
    goLatest: follow.goLatest,
    say: setNotice,
  });

  const onScroll = () => {
    follow.onScroll();
    // Near the top of a filtered view, the next older matching lines are read.
    const el = viewport.current;
    if (el && log.filtered && el.scrollTop < ROW_HEIGHT * 5 && log.filtered.hasOlder && !log.filtered.loading) {
      const before = el.scrollHeight;
      void log.filtered.loadOlder().then((added) => {
        // Keep the lines under the reader's eyes where they were.
        if (added > 0) requestAnimationFrame(() => (el.scrollTop += el.scrollHeight - before));
      });
    }
  };

  const onCopy = useCallback(async (line: string) => {
    setNotice((await copyText(line)) ? 'Line copied' : 'Copying was refused by the browser');
  }, []);

  const onExpandLine = useCallback((seq: number) => setExpandedSeq((current) => (current === seq ? null : seq)), []);

  const [dismissedError, setDismissedError] = useState<string | null>(null);
  const rawStoreError = log.filtered ? log.filtered.error : log.store.error;
  const storeError = rawStoreError === dismissedError ? null : rawStoreError;
  const { newLines } = follow;

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
        onMatch={keys.goToMatch}
        onNextError={keys.nextError}
        onLatest={follow.goLatest}
        onShortcuts={() => keys.setHelpOpen(true)}
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
        onWheel={permalink.readerTookOver}
        onPointerDown={permalink.readerTookOver}
        data-testid="log-viewport"
      >
        {view.count === 0 ? (
          <p className="muted log-empty">{log.filtered?.loading ? 'Loading…' : 'No log lines yet.'}</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const seq = view.seqAt(item.index) ?? item.index + 1;
              const section = view.sectioned ? sections.sectionAt(seq) : undefined;
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
                  onLineClick={permalink.onLineClick}
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
        <button type="button" className="new-lines" onClick={follow.goLatest}>
          <ArrowDownIcon /> {formatCount(newLines)} new {newLines === 1 ? 'line' : 'lines'}
        </button>
      )}
      <ShortcutsDialog open={keys.helpOpen} onClose={() => keys.setHelpOpen(false)} />
    </section>
  );
}
