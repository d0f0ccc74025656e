import { useMemo } from 'react';
import type { Virtualizer } from '@tanstack/react-virtual';
import type { LogData } from './useLogData.ts';
import type { LogSections } from './useLogSections.ts';

/** The virtual list of the log panel; the hooks that scroll it share this type. */
export type LogVirtualizer = Virtualizer<HTMLDivElement, Element>;

/** What the virtual list shows: the flat (or filtered) log, or the sectioned log with collapsed parts. */
export interface LogView {
  /** Sections apply (the unfiltered log, once they are known): rows may hide collapsed lines. */
  sectioned: boolean;
  count: number;
  seqAt: (index: number) => number | undefined;
  indexOfSeq: (seq: number) => number | undefined;
  /** Runs of lines rows [first, last] show, to load. */
  runs: (first: number, last: number) => { from: number; to: number }[];
}

/**
 * Row ↔ line mapping for the panel. One object for both shapes, so the follow, permalink and loading
 * code never asks which one it is looking at; it changes identity only when the mapping does, which
 * is what the panel's effects key on.
 */
export function useLogView(log: LogData, sections: LogSections): LogView {
  const sectioned = !log.filtered && sections.sections.length > 0;
  return useMemo(
    () =>
      sectioned
        ? {
            sectioned,
            count: sections.rows.count,
            seqAt: (index) => sections.rows.seqAt(index),
            indexOfSeq: (seq) => sections.rows.indexOfSeq(seq),
            runs: (first, last) => sections.rows.runs(first, last),
          }
        : {
            sectioned,
            count: log.count,
            seqAt: log.seqAt,
            indexOfSeq: log.indexOfSeq,
            runs: (first, last) => [{ from: first + 1, to: last + 1 }],
          },
    [sectioned, sections.rows, log.count, log.seqAt, log.indexOfSeq],
  );
}
