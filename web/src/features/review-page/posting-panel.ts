import { postingOutcomes, type ReviewEvent } from '@reviewtrace/contracts';
import { gitProviderLabel } from '../../lib/provider-labels.ts';

export type PostingOutcome = (typeof postingOutcomes)[number];

/** One finding's fate on the pull/merge request (or the summary's, `path` null). */
export interface PostingItem {
  seq: number;
  /** "src/a.ts:12", "src/a.ts (no line)", or "Summary". */
  place: string;
  outcome: PostingOutcome;
  url: string | null;
  /** Why it moved or failed, as the engine said it. */
  reason: string | null;
}

export interface PostingPanelModel {
  /** "Posted to GitHub" (or GitLab, or the pull/merge request when the provider is unknown). */
  title: string;
  /** One line: "3 on their lines · 1 moved into the summary · 0 failed". */
  headline: string;
  /** The summary comment itself, when it was posted (its link) or failed. */
  summary: PostingItem | null;
  /** Findings grouped by outcome, in this order; empty groups left out. */
  groups: { outcome: PostingOutcome; heading: string; items: PostingItem[] }[];
}

const headings: Record<PostingOutcome, string> = {
  posted: 'On their lines',
  moved: 'Moved into the summary',
  failed: 'Not posted',
};

/**
 * The "Posted to GitHub/GitLab" panel from a review's `posting` events; null when the review posted
 * nothing (posting is off, or it never got that far). Events of unknown outcome are left out.
 */
export function postingPanelModel(
  events: readonly ReviewEvent[],
  gitProvider: string | null,
): PostingPanelModel | null {
  const items = events.filter((event) => event.type === 'posting').flatMap(toItem);
  if (items.length === 0) return null;
  const findings = items.filter((item) => item.place !== 'Summary');
  const count = (outcome: PostingOutcome) => findings.filter((item) => item.outcome === outcome).length;
  const headline = [
    `${count('posted')} on ${count('posted') === 1 ? 'its line' : 'their lines'}`,
    `${count('moved')} moved into the summary`,
    ...(count('failed') > 0 ? [`${count('failed')} not posted`] : []),
  ].join(' · ');
  return {
    title: `Posted to ${gitProvider ? gitProviderLabel(gitProvider) : 'the pull/merge request'}`,
    headline,
    summary: items.findLast((item) => item.place === 'Summary') ?? null,
    groups: postingOutcomes
      .map((outcome) => ({
        outcome,
        heading: headings[outcome],
        items: findings.filter((item) => item.outcome === outcome),
      }))
      .filter((group) => group.items.length > 0),
  };
}

function toItem(event: ReviewEvent): PostingItem[] {
  const d = event.data;
  const outcome = d['outcome'];
  if (!(postingOutcomes as readonly unknown[]).includes(outcome)) return [];
  const path = typeof d['path'] === 'string' ? d['path'] : null;
  const line = typeof d['line'] === 'number' ? d['line'] : null;
  return [
    {
      seq: event.seq,
      place: path === null ? 'Summary' : line === null ? `${path} (no line)` : `${path}:${line}`,
      outcome: outcome as PostingOutcome,
      url: typeof d['url'] === 'string' ? d['url'] : null,
      reason: typeof d['error'] === 'string' ? d['error'] : null,
    },
  ];
}
