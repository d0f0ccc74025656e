import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { ROW_HEIGHT } from '../components/LogRow.tsx';
import type { LogData } from './useLogData.ts';
import type { LogSections } from './useLogSections.ts';
import type { LogView, LogVirtualizer } from './useLogView.ts';

interface FollowOptions {
  log: LogData;
  view: LogView;
  sections: LogSections;
  virtualizer: LogVirtualizer;
  viewport: RefObject<HTMLDivElement | null>;
  /** On open: a permalink names a line to show instead of the tail. */
  initiallyFollowing: boolean;
  /** From usePermalink: a jump waiting for its line takes each change of the view first. */
  takePendingJump: () => boolean;
  /** From usePermalink: going to the latest line overrides a jump still waiting. */
  readerTookOver: () => void;
}

export interface FollowMode {
  /** Lines that arrived below while the reader was scrolled up (the "N new lines" button). */
  newLines: number;
  /** A jump elsewhere ends following. */
  unpin: () => void;
  dismissNewLines: () => void;
  /** Following resumes when the reader scrolls back to the bottom. */
  onScroll: () => void;
  /** The latest line, and follow new ones. */
  goLatest: () => void;
}

/**
 * Follow mode: new lines keep the view pinned to the bottom only if it was there; otherwise they are
 * counted for the "new lines" button. Whether it is at the bottom is a ref, not state: scroll events
 * set it many times a second and nothing renders from it.
 */
export function useFollowMode(options: FollowOptions): FollowMode {
  const { log, view, sections, virtualizer, viewport, takePendingJump, readerTookOver } = options;
  const atBottom = useRef(options.initiallyFollowing);
  const [newLines, setNewLines] = useState(0);

  // "New" means past the last line shown before; older lines loaded above (filtered view) are not news.
  const lastSeqShown = view.count > 0 ? view.seqAt(view.count - 1) : undefined;
  const previous = useRef({ count: view.count, lastSeq: lastSeqShown, view: log.filtered });
  useLayoutEffect(() => {
    // Switching filters swaps the whole window: that is a new view, not new lines.
    const sameView = previous.current.view === log.filtered;
    const added = sameView ? view.count - previous.current.count : 0;
    const grewAtEnd = (lastSeqShown ?? 0) > (previous.current.lastSeq ?? 0);
    previous.current = { count: view.count, lastSeq: lastSeqShown, view: log.filtered };
    if (view.count > 0 && takePendingJump()) return;
    // A reader reading (or copying) a focused line is not yanked away from it.
    const focusOnLine = !!document.activeElement?.closest('.log-row');
    if (atBottom.current && !focusOnLine) {
      if (view.count > 0) virtualizer.scrollToIndex(view.count - 1, { align: 'end' });
      setNewLines(0);
    } else if (added > 0 && grewAtEnd) {
      setNewLines((n) => n + added);
    }
  }, [view, lastSeqShown, log.filtered, virtualizer]);

  const unpin = useCallback(() => {
    atBottom.current = false;
  }, []);
  const dismissNewLines = useCallback(() => setNewLines(0), []);

  const onScroll = () => {
    const el = viewport.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
    if (atBottom.current) setNewLines(0);
  };

  const goLatest = () => {
    readerTookOver();
    atBottom.current = true;
    setNewLines(0);
    const last = log.filtered ? undefined : log.store.lastSeq;
    if (last) sections.reveal(last);
    if (view.count > 0) virtualizer.scrollToIndex(view.count - 1, { align: 'end' });
  };

  return { newLines, unpin, dismissNewLines, onScroll, goLatest };
}
