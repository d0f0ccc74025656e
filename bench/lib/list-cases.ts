import type { Seeded } from './seed-reviews.ts';

/** One measured request shape of GET /api/v1/reviews. */
export interface ListCase {
  name: string;
  query: Record<string, string>;
}

export function toPath(query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString();
  return `/api/v1/reviews${search ? `?${search}` : ''}`;
}

const day = 86_400_000;

export interface CaseInputs {
  seeded: Seeded;
  now: Date;
  /** Total of the unfiltered list, from a first request: the last page depends on it. */
  total: number;
  /** A review from the middle of the main org, for the "search by id" and "search by URL" cases. */
  someId: number;
  someUrl: string;
  perPage: number;
}

/**
 * The issue's cases: each filter alone, one realistic combination, deep pages and every sort. The
 * values are chosen to hit the interesting selectivities of the seeded data (see seed-data.ts).
 */
export function listCases({ seeded, now, total, someId, someUrl, perPage }: CaseInputs): ListCase[] {
  const byName = (name: string) => seeded.connectors.find((c) => c.name === name)!;
  const claude = byName('Claude Sonnet');
  // A week, two months back: a window of the kind a user picks, not the newest rows.
  const week = {
    from: new Date(now.getTime() - 60 * day).toISOString(),
    to: new Date(now.getTime() - 53 * day).toISOString(),
  };
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const cases: ListCase[] = [
    { name: 'no filter', query: {} },
    { name: 'status=failed', query: { status: 'failed' } },
    { name: `model=${claude.model}`, query: { model: claude.model } },
    { name: 'provider_type=openai', query: { provider_type: 'openai' } },
    { name: 'connector_name=Azure OpenAI', query: { connector_name: 'Azure OpenAI' } },
    // Not in the issue's list: a filter that matches almost nothing (≈ 0.05 %) of a big org.
    { name: 'connector_name=Mistral trial (rare)', query: { connector_name: 'Mistral trial' } },
    { name: 'connector_id=<Local Ollama>', query: { connector_id: String(byName('Local Ollama').id) } },
    { name: 'git_provider=gitlab', query: { git_provider: 'gitlab' } },
    { name: 'from/to one week', query: week },
    ...searchCases(someUrl),
    { name: 'q=<review id>', query: { q: String(someId) } },
    { name: 'q=#<review id>', query: { q: `#${someId}` } },
    { name: 'failed+model+week', query: { status: 'failed', model: claude.model, ...week } },
    { name: 'page=1', query: { page: '1' } },
    { name: 'page=50', query: { page: '50' } },
    { name: 'page=100', query: { page: '100' } },
    { name: `page=${lastPage} (last)`, query: { page: String(lastPage) } },
  ];
  for (const sort of ['created_at', 'last_event_at', 'duration']) {
    for (const order of ['desc', 'asc']) cases.push({ name: `sort=${sort} ${order}`, query: { sort, order } });
  }
  return cases;
}

/** Names of search cases start with this: the section explains the slowest of them. */
export const SEARCH_CASE = 'search ';

/**
 * One search per shape a user types, over the seeded haystack (`<url> <title> <repository>`, URLs
 * like https://github.com/org3/repo7/pull/1234, titles like "Fix cache invalidation in API"): each
 * has a different mix of rare and everywhere trigrams and a different number of matches.
 */
function searchCases(someUrl: string): ListCase[] {
  const shapes: [string, string][] = [
    ['path', 'repo7/pull'], // ≈ 1.5 % of the org: many pages, the total is an estimate
    ['title word', 'invalidation'], // ≈ 8 %
    ['repository', 'org3/repo7'], // ≈ 0.1 % (org3/ and org13/): a few pages, an exact total
    ['PR URL', someUrl], // one review, and a dozen trigrams every row has
    ['no match', 'kubernetes'],
    ['very common', 'github'], // ≈ 75 %
  ];
  return shapes.map(([shape, q]) => ({ name: `${SEARCH_CASE}${shape}: q=${q}`, query: { q } }));
}
