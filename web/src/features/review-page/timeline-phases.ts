import type { BatchSummary, Milestone } from '@reviewtrace/contracts';
import { batchLabel } from '../../lib/wording.ts';

export interface Phase {
  key: string;
  label: string;
  /** Which picture the timeline draws (Timeline.tsx maps it to an SVG icon). */
  icon: PhaseIcon;
  at: string;
  /** A marker happens during another phase (a fallback during the batches): it has no duration of its own. */
  marker: boolean;
  /** Where the phase is known to end (the last batch's finish); otherwise where the next one starts. */
  end?: string;
}

export type PhaseIcon = 'queued' | 'running' | 'batches' | 'fallback' | 'parsing' | 'completed' | 'failed' | 'canceled';

const terminalLabels = { completed: 'Completed', failed: 'Failed', canceled: 'Canceled' } as const;

/**
 * The timeline the page shows: queued → running → batches → fallback used → parsing → end. Batches
 * run in parallel, so per-batch milestones become one "Batches" phase (the table and waterfall show
 * each batch) and fallbacks one marker that says how many batches needed it.
 */
export function timelinePhases(milestones: Milestone[], batchRows: BatchSummary[], batchTotal: number): Phase[] {
  const phases: Phase[] = [];
  const batches = milestones.filter((m) => m.name === 'batch');
  const fallbacks = milestones.filter((m) => m.name === 'fallback');
  const total = Math.max(batchTotal, batches.length);
  const finishes = batchRows.map((b) => b.finishedAt).filter((at): at is string => at !== null);
  const batchesEnd =
    batchRows.length > 0 && finishes.length === Math.max(total, batchRows.length)
      ? finishes.reduce((a, b) => later(a, b))
      : undefined;
  for (const milestone of milestones) {
    if (milestone.name === 'queued') phases.push(phase('queued', 'Queued', 'queued', milestone.at));
    if (milestone.name === 'running') phases.push(phase('running', 'Running', 'running', milestone.at));
    // Each batch's answer is parsed as it arrives; the phase that matters is the last one, after the
    // last batch, so it starts at the later of the two.
    // While any batch still runs, the batches are the current step, not the parse of an early answer.
    const batchesRunning = batches.length > 0 && batchesEnd === undefined;
    if (milestone.name === 'parsing' && !batchesRunning) {
      phases.push(phase('parsing', 'Parsing', 'parsing', later(milestone.at, batchesEnd)));
    }
    if (milestone.name in terminalLabels) {
      const name = milestone.name as keyof typeof terminalLabels;
      phases.push(phase(name, terminalLabels[name], name, milestone.at));
    }
  }
  if (batches.length > 0) {
    const label =
      total === 1
        ? batchLabel(batches[0]!.batchId ?? 'batch-1')
        : batchesEnd
          ? `${total} batches`
          : `Batches (${batches.length} of ${total} started)`;
    phases.push({ ...phase('batches', label, 'batches', batches[0]!.at), end: batchesEnd });
  }
  if (fallbacks.length > 0) {
    const only = fallbacks.length === 1 ? fallbacks[0]!.batchId : undefined;
    const which = only ? batchLabel(only) : fallbacks.length === 1 ? '1 batch' : `${fallbacks.length} batches`;
    phases.push({ ...phase('fallback', `Fallback used (${which})`, 'fallback', fallbacks[0]!.at), marker: true });
  }
  // Stable by time; at equal times the natural order above (queued before running…) wins.
  return phases
    .map((p, i) => ({ p, i }))
    .sort((a, b) => Date.parse(a.p.at) - Date.parse(b.p.at) || a.i - b.i)
    .map(({ p }) => p);
}

const later = (a: string, b: string | undefined) => (b !== undefined && Date.parse(b) > Date.parse(a) ? b : a);

const phase = (key: string, label: string, icon: PhaseIcon, at: string): Phase => ({
  key,
  label,
  icon,
  at,
  marker: false,
});
