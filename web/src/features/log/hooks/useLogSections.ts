import { useCallback, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { EventsPageSchema, type ReviewDetail } from '@reviewtrace/contracts';
import { apiRequest } from '../../../lib/http.ts';
import { apiPaths } from '../../../lib/paths.ts';
import { RowModel } from '../row-model.ts';
import {
  deriveSections,
  failingSection,
  initiallyCollapsed,
  sectionOf,
  type BatchBoundary,
  type LogSection,
} from '../sections.ts';

export interface LogSections {
  sections: LogSection[];
  rows: RowModel;
  collapsed: ReadonlySet<string>;
  toggle: (id: string) => void;
  /** Expands the section holding `seq` (a permalink, search match or error must be seen). */
  reveal: (seq: number) => void;
  /** Set once for a review that was already failed when opened: the section it opened on. */
  openedOn: LogSection | undefined;
  sectionAt: (seq: number) => LogSection | undefined;
  /** False until the sections are known (the log is shown flat until then). */
  ready: boolean;
}

/** The few `batch` events give the sections their seqs: read by type, a page of 1,000 at a time. */
async function readBoundaries(reviewId: number, signal: AbortSignal): Promise<BatchBoundary[]> {
  const boundaries: BatchBoundary[] = [];
  let after = 0;
  for (;;) {
    const page = await apiRequest(
      EventsPageSchema,
      apiPaths.reviewEvents(reviewId, { type: 'batch', after, limit: 1000 }),
      { signal },
    );
    for (const event of page.events)
      boundaries.push({
        seq: event.seq,
        time: event.time,
        batchId: String(event.data['batchId'] ?? event.batchId ?? ''),
        status: String(event.data['status'] ?? ''),
      });
    const last = page.events[page.events.length - 1];
    if (!page.hasMore || !last) return boundaries;
    after = last.seq;
  }
}

/**
 * The log's collapsible sections (per phase and batch) over the unfiltered log of `lineCount` lines.
 * They are re-read when the review's count of `batch` events changes (the detail refreshes then).
 * What starts collapsed is decided once, by the review's state when its sections are first known.
 */
export function useLogSections(review: ReviewDetail, lineCount: number, keepOpenSeq?: number): LogSections {
  const batchEvents = review.eventCounts['batch'] ?? 0;
  const boundaries = useQuery({
    queryKey: ['reviews', 'log-sections', review.id, batchEvents],
    queryFn: ({ signal }) => readBoundaries(review.id, signal),
    enabled: batchEvents > 0,
    placeholderData: (previous) => previous,
  });
  const sections = useMemo(
    () => deriveSections(boundaries.data ?? [], review, lineCount),
    [boundaries.data, review, lineCount],
  );

  // The first sections seen decide what starts collapsed; the reader decides after that.
  const [state, setState] = useState<{ collapsed: Set<string>; openedOn: LogSection | undefined } | null>(null);
  let current = state;
  if (current === null && sections.length > 0) {
    const collapsed = initiallyCollapsed(sections, review.status);
    // A permalinked line is never hidden on arrival.
    const linked = keepOpenSeq === undefined ? undefined : sectionOf(sections, keepOpenSeq);
    if (linked) collapsed.delete(linked.id);
    current = { collapsed, openedOn: review.status === 'failed' ? failingSection(sections) : undefined };
    setState(current);
  }
  const collapsed = current?.collapsed ?? emptySet;

  const rows = useMemo(
    () =>
      new RowModel(
        lineCount,
        sections.filter((s) => collapsed.has(s.id)).map((s) => ({ from: s.from + 1, to: s.to })),
      ),
    [lineCount, sections, collapsed],
  );

  const toggle = useCallback(
    (id: string) =>
      setState((previous) => {
        const next = new Set(previous?.collapsed);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return { collapsed: next, openedOn: previous?.openedOn };
      }),
    [],
  );

  const reveal = useCallback(
    (seq: number) => {
      const section = sectionOf(sections, seq);
      if (!section || section.from === seq) return;
      setState((previous) => {
        if (!previous?.collapsed.has(section.id)) return previous;
        const next = new Set(previous.collapsed);
        next.delete(section.id);
        return { collapsed: next, openedOn: previous.openedOn };
      });
    },
    [sections],
  );

  const sectionAt = useCallback((seq: number) => sectionOf(sections, seq), [sections]);

  return { sections, rows, collapsed, toggle, reveal, openedOn: current?.openedOn, sectionAt, ready: current !== null };
}

const emptySet: ReadonlySet<string> = new Set();
