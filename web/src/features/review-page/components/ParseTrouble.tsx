import { batchList, parseStrategyLabel } from '../../../lib/wording.ts';
import type { ReviewEvent } from '@reviewtrace/contracts';

const headline = {
  failed: 'The model’s answer was not valid JSON',
  repaired: 'The model’s JSON was repaired',
} as const;

/**
 * Why the model's output needed repair or could not be used: one notice per outcome however many
 * batches (or retries) hit it, naming the batches, with each distinct reason once and one raw excerpt.
 */
export function ParseTrouble({ events }: { events: ReviewEvent[] }) {
  const groups = (['failed', 'repaired'] as const)
    .map((outcome) => ({ outcome, events: events.filter((e) => e.data['outcome'] === outcome) }))
    .filter((group) => group.events.length > 0);
  return (
    <>
      {groups.map(({ outcome, events: group }) => {
        const batches = [...new Set(group.map((e) => e.batchId).filter((id): id is string => Boolean(id)))];
        const whys = [...new Set(group.map((e) => String(e.data['why'] ?? '')).filter(Boolean))];
        const strategies = [...new Set(group.map((e) => String(e.data['strategy'] ?? '')).filter(Boolean))];
        const excerpt = group.map((e) => e.data['rawExcerpt']).find((x): x is string => typeof x === 'string');
        return (
          <div key={outcome} className="notice notice-warning parse-trouble" data-outcome={outcome}>
            <p>
              <strong>
                {headline[outcome]}
                {batches.length > 0 && ` (${batchList(batches)})`}
              </strong>
              {strategies.length > 0 && ` — ${strategies.map(parseStrategyLabel).join('; ')}`}
            </p>
            <details open={outcome === 'failed'}>
              <summary>Why</summary>
              {whys.length === 0 ? <p>No reason was recorded.</p> : whys.map((why) => <p key={why}>{why}</p>)}
              {excerpt && (
                <>
                  <p className="muted">Raw excerpt of the response{batches.length > 1 ? ` (${batches[0]})` : ''}:</p>
                  <pre className="raw-excerpt">{excerpt}</pre>
                </>
              )}
            </details>
          </div>
        );
      })}
    </>
  );
}
