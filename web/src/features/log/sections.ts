import { batchLabel } from '@reviewtrace/contracts';
import type { ApiStatus, BatchSummary } from '@reviewtrace/contracts';
import { batchOutcome, type BatchOutcome } from '../review-page/batch-progress.ts';

/** A `batch` event as the section model needs it: where (seq) and when a batch changed state. */
export interface BatchBoundary {
  seq: number;
  time: string;
  batchId: string;
  status: string;
}

export type SectionOutcome = 'success' | 'failed' | 'running' | 'warning' | 'canceled' | 'queued';

/**
 * A collapsible group of log lines, like a GitHub Actions group. Sections are contiguous seq ranges
 * that together cover the whole log; the first line of a section is its header row. When batches
 * run concurrently their lines interleave: a batch's section then runs from its start to the next
 * batch's start, and the lines of others inside it keep their `[batch]` label.
 */
export interface LogSection {
  id: string;
  title: string;
  from: number;
  /** Inclusive; the last section ends at the log's last line, and grows with it. */
  to: number;
  outcome: SectionOutcome;
  durationMs: number | null;
}

export interface SectionReview {
  status: ApiStatus;
  startedAt: string | null;
  createdAt: string;
  completedAt: string | null;
  batches: BatchSummary[];
}

const terminalBatch = new Set(['success', 'failed']);

const sectionOutcomes: Record<BatchOutcome, SectionOutcome> = {
  succeeded: 'success',
  failed: 'failed',
  canceled: 'canceled',
  'not-run': 'queued',
  waiting: 'queued',
  running: 'running',
};

/**
 * A batch section reads as the batch table does (batch-progress.ts): a batch still open when the
 * review ended was canceled with it, never "running" on a finished review.
 */
function sectionOutcome(summary: BatchSummary | undefined, reviewStatus: ApiStatus): SectionOutcome {
  const batch = summary ?? { status: 'running', finishedAt: null };
  const outcome = sectionOutcomes[batchOutcome(batch, reviewStatus)];
  return outcome === 'success' && summary?.fallbackUsed ? 'warning' : outcome;
}

const reviewOutcome = (status: ApiStatus): SectionOutcome =>
  status === 'queued' ? 'queued' : status === 'running' ? 'running' : status;

const between = (from: string | null | undefined, to: string | null | undefined) =>
  from && to ? Math.max(0, Date.parse(to) - Date.parse(from)) : null;

/**
 * The log's sections: "Set up" (before the first batch ran), one per batch from its `running`
 * event, and "Finish" (after the last batch ended: parsing, comments, completion). A log without a
 * running batch has no sections (it is shown flat).
 */
export function deriveSections(boundaries: BatchBoundary[], review: SectionReview, lastSeq: number): LogSection[] {
  const ordered = [...boundaries].sort((a, b) => a.seq - b.seq).filter((b) => b.seq <= lastSeq);
  const starts: BatchBoundary[] = [];
  const seen = new Set<string>();
  for (const boundary of ordered) {
    if (boundary.status !== 'running' || seen.has(boundary.batchId)) continue;
    seen.add(boundary.batchId);
    starts.push(boundary);
  }
  if (starts.length === 0 || lastSeq < 1) return [];

  const sections: LogSection[] = [];
  const first = starts[0]!;
  const setupOutcome = first.seq > 1 ? 'success' : null;
  if (setupOutcome)
    sections.push({
      id: 'setup',
      title: 'Set up',
      from: 1,
      to: first.seq - 1,
      outcome: setupOutcome,
      durationMs: between(review.startedAt ?? review.createdAt, first.time),
    });

  const summaries = new Map(review.batches.map((b) => [b.batchId, b]));
  for (const start of starts) {
    const summary = summaries.get(start.batchId);
    sections.push({
      id: `batch:${start.batchId}`,
      title: batchLabel(start.batchId),
      from: start.seq,
      to: lastSeq,
      outcome: sectionOutcome(summary, review.status),
      durationMs: summary?.durationMs ?? null,
    });
  }

  // "Finish" starts after the last batch to end, once every batch that ran has ended.
  const ends = ordered.filter((b) => terminalBatch.has(b.status));
  const endedIds = new Set(ends.map((b) => b.batchId));
  const lastEnd = ends[ends.length - 1];
  const lastStart = starts[starts.length - 1]!;
  if (lastEnd && starts.every((s) => endedIds.has(s.batchId)) && lastEnd.seq >= lastStart.seq && lastEnd.seq < lastSeq)
    sections.push({
      id: 'finish',
      title: 'Finish',
      from: lastEnd.seq + 1,
      to: lastSeq,
      outcome: reviewOutcome(review.status),
      durationMs: review.completedAt ? between(lastEnd.time, review.completedAt) : null,
    });

  for (let i = 0; i < sections.length - 1; i++) sections[i]!.to = sections[i + 1]!.from - 1;
  // A review that failed outside any batch failed in its last section.
  const last = sections[sections.length - 1]!;
  if (review.status === 'failed' && !sections.some((s) => s.outcome === 'failed')) last.outcome = 'failed';
  if (review.status === 'canceled' && last.outcome === 'running') last.outcome = 'canceled';
  return sections;
}

/**
 * Which sections start collapsed: while a review runs (or after it succeeded) nothing is hidden;
 * a failed review opens on its first failing section, like a failed Actions job.
 */
export function initiallyCollapsed(sections: LogSection[], status: ApiStatus): Set<string> {
  if (status !== 'failed') return new Set();
  const failing = failingSection(sections);
  return new Set(sections.filter((s) => s !== failing).map((s) => s.id));
}

export function failingSection(sections: LogSection[]): LogSection | undefined {
  return sections.find((s) => s.outcome === 'failed');
}

export function sectionOf(sections: LogSection[], seq: number): LogSection | undefined {
  let low = 0;
  let high = sections.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const section = sections[mid]!;
    if (seq < section.from) high = mid - 1;
    else if (seq > section.to) low = mid + 1;
    else return section;
  }
  return undefined;
}
