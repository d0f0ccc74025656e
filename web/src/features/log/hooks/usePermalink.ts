import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { EventsPageSchema } from '@reviewtrace/contracts';
import { apiRequest } from '../../../lib/http.ts';
import { apiPaths } from '../../../lib/paths.ts';
import { formatCount } from '../../../lib/format.ts';
import { lineHash, parseLineHash, type LineRange } from '../permalink.ts';
import type { LogData } from './useLogData.ts';
import type { LogSections } from './useLogSections.ts';
import type { LogView, LogVirtualizer } from './useLogView.ts';

/** What a jump to a line does to follow mode (see useFollowMode). */
export interface FollowControl {
  unpin: () => void;
  dismissNewLines: () => void;
}

export interface GoToLineOptions {
  /** Select this range rather than the one line. */
  range?: LineRange;
  /** Also scroll the page so the log panel is in view (the line may be far below the fold). */
  intoPage?: boolean;
}

interface PermalinkOptions {
  reviewId: number;
  log: LogData;
  view: LogView;
  sections: LogSections;
  virtualizer: LogVirtualizer;
  viewport: RefObject<HTMLDivElement | null>;
  /** From useLineSelection: declared before the sections, which keep the selected line's section open. */
  selection: LineRange | null;
  setSelection: (range: LineRange) => void;
  /**
   * A jump ends follow mode. useFollowMode is called after this hook (its layout effect must run after
   * the one here that queues a jump when sections arrive), so its controls are looked up at jump time.
   */
  followMode: () => FollowControl;
  say: (notice: string) => void;
}

export interface Permalink {
  /** Selects and shows a line, leaving the filtered view if that line is not in it. */
  goToLine: (seq: number, options?: GoToLineOptions) => void;
  /** A click selects a line; shift-click extends the selection. The address bar follows. */
  onLineClick: (seq: number, extend: boolean) => void;
  /** The reader scrolls or asks for the latest: a permalink still waiting for its line gives way. */
  readerTookOver: () => void;
  /**
   * For every change of the view (new lines, sections, filters): a jump still waiting for its line
   * tries again. True while one was pending, so follow mode leaves that change alone.
   */
  takePendingJump: () => boolean;
}

/** The selected lines, starting from the address bar's `#L123` / `#L120-140`. */
export function useLineSelection() {
  return useState<LineRange | null>(() => parseLineHash(window.location.hash));
}

/**
 * `#L…` permalinks: the selection and the address bar agree, and a linked line is shown even before
 * it is loaded (the jump waits, retried on each change of the view, until the line has a row). A
 * failed review opens on its failing section's first error unless a permalink says otherwise.
 */
export function usePermalink(options: PermalinkOptions): Permalink {
  const { reviewId, log, view, sections, virtualizer, viewport, selection, setSelection, say } = options;
  const followMode = useRef(options.followMode);
  followMode.current = options.followMode;
  const pendingJump = useRef<number | null>(selection?.from ?? null);
  /** A permalink jump also brings the panel into the page's view (the line may be far below the fold). */
  const pageScrollPending = useRef(selection !== null);
  const errorJump = useRef<string | null>(null);
  const readerScrolled = useRef(false);

  /** Centres a line in the log (expanding its section first); false while it cannot be shown yet. */
  const scrollToSeq = useCallback(
    (seq: number) => {
      const section = view.sectioned ? sections.sectionAt(seq) : undefined;
      if (section && section.from !== seq && sections.collapsed.has(section.id)) {
        sections.reveal(seq);
        return false;
      }
      const index = view.indexOfSeq(seq);
      if (index === undefined) return false;
      followMode.current().unpin();
      virtualizer.scrollToIndex(index, { align: 'center' });
      if (pageScrollPending.current) {
        pageScrollPending.current = false;
        bringIntoPage(viewport.current);
      }
      return true;
    },
    [view, virtualizer, sections, viewport],
  );
  // Effects and async callbacks below use the latest one (the view may have changed since they began).
  const scrollToSeqRef = useRef(scrollToSeq);
  scrollToSeqRef.current = scrollToSeq;

  // A failed review opens on its failing section, at its first error (unless a permalink says otherwise).
  const openedOn = sections.openedOn;
  useEffect(() => {
    if (!openedOn || selection) return;
    errorJump.current = openedOn.id;
    followMode.current().unpin();
    pendingJump.current = openedOn.from;
    followMode.current().dismissNewLines();
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
  // A layout effect, and before useFollowMode's: the jump it queues is taken in the same commit.
  const sectionsReady = sections.ready;
  useLayoutEffect(() => {
    if (sectionsReady && selection && !readerScrolled.current && pendingJump.current === null)
      pendingJump.current = selection.from;
    // Only when the sections first arrive.
  }, [sectionsReady]);

  const takePendingJump = useCallback(() => {
    if (pendingJump.current === null) return false;
    if (scrollToSeqRef.current(pendingJump.current)) pendingJump.current = null;
    return true;
  }, []);

  const readerTookOver = useCallback(() => {
    pendingJump.current = null;
    errorJump.current = null;
    pageScrollPending.current = false;
  }, []);

  const goToLine = useCallback(
    (seq: number, { range, intoPage = false }: GoToLineOptions = {}) => {
      if (intoPage) pageScrollPending.current = true;
      const next = range ?? { from: seq, to: seq };
      setSelection(next);
      window.history.replaceState(window.history.state, '', lineHash(next));
      if (scrollToSeq(seq)) return;
      pendingJump.current = seq;
      if (log.filtered && view.indexOfSeq(seq) === undefined) {
        log.setFilters({ levels: [], types: [], batchIds: [] });
        say(`Line ${formatCount(seq)} is not among the filtered lines shown, so the filters were cleared.`);
      }
    },
    [scrollToSeq, log, view, setSelection, say],
  );

  // Edits of the address bar's #L… (and back/forward) select and scroll, the page too.
  useEffect(() => {
    const onHash = () => {
      const range = parseLineHash(window.location.hash);
      if (range) goToLine(range.from, { range, intoPage: true });
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
    [selection, setSelection],
  );

  return { goToLine, onLineClick, readerTookOver, takePendingJump };
}

/** Scrolls the page so the log panel is centred, unless it is wholly in view already. */
function bringIntoPage(element: HTMLElement | null) {
  if (!element) return;
  const box = element.getBoundingClientRect();
  if (box.top >= 0 && box.bottom <= window.innerHeight) return;
  element.scrollIntoView({ block: 'center' });
}
