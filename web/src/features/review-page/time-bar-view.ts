import { formatDuration } from '../../lib/format.ts';
import type { TimeBreakdown, TimeCategory } from './time-breakdown.ts';

/** What each part is called and what it holds (the legend's words and the segments' tooltips). */
export const timeCategoryText: Record<TimeCategory, { label: string; meaning: string }> = {
  queue: { label: 'Queued', meaning: 'Waiting for a worker, or for a free slot on the connector' },
  fetch: { label: 'Fetch diff', meaning: 'Reading the change and splitting it into batches' },
  load: { label: 'Model load', meaning: 'The model loading into memory (Ollama reports it)' },
  promptEval: { label: 'Prompt eval', meaning: 'The model reading the prompt (Ollama reports it)' },
  generation: {
    label: 'Generation',
    meaning: 'The model answering; includes the wait for the first token when the provider reports no prompt eval',
  },
  noAnswer: { label: 'No answer', meaning: 'Model calls that failed, timed out or were cut short' },
  backoff: { label: 'Backoff', meaning: 'Waiting to retry after a rate limit or an error' },
  parse: { label: 'Parse', meaning: 'Storing the answer and reading it into comments' },
  post: { label: 'Post', meaning: 'Posting comments on the pull/merge request' },
  other: { label: 'Other', meaning: 'Engine work between steps, and what older engines do not report' },
};

export interface TimeBarSegment {
  category: TimeCategory;
  label: string;
  /** Share of the whole bar, 0–100. */
  percent: number;
  duration: string;
  /** "Generation: 41 s (62%) — the model answering…" */
  title: string;
}

export interface TimeBarView {
  segments: TimeBarSegment[];
  total: string;
  /** The accounting in one sentence: wall-clock, and how parallel batches share it. */
  note: string;
  /** The bar's text alternative: every part with its duration. */
  summary: string;
}

export function timeBarView(breakdown: TimeBreakdown): TimeBarView {
  const total = breakdown.totalMs;
  const segments = breakdown.parts.map(({ category, ms }) => {
    const { label, meaning } = timeCategoryText[category];
    const percent = total > 0 ? (ms / total) * 100 : 0;
    const duration = formatDuration(ms);
    return {
      category,
      label,
      percent,
      duration,
      title: `${label}: ${duration} (${percentText(percent)}) — ${meaning}`,
    };
  });
  const shared =
    breakdown.maxParallel > 1
      ? ` Up to ${breakdown.maxParallel} batches ran at once: each moment is split evenly between what they were doing, so the parts add up to the wall-clock time.`
      : '';
  const note = `Wall-clock time from queued to ${breakdown.running ? 'now' : 'the end'} (${formatDuration(total)}).${shared}`;
  const summary = `Where the time went, ${formatDuration(total)}${breakdown.running ? ' so far' : ''}: ${segments
    .map((s) => `${s.label} ${s.duration}`)
    .join(', ')}`;
  return { segments, total: formatDuration(total), note, summary };
}

/** "62%", "<1%": a sliver still says it is there. */
export function percentText(percent: number): string {
  if (percent > 0 && percent < 1) return '<1%';
  return `${Math.round(percent)}%`;
}
