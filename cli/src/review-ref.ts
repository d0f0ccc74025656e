import { ReviewListResponseSchema } from '@reviewtrace/contracts';
import { CliError } from './errors.ts';
import type { ApiClient } from './http/api-client.ts';

export const reviewNotFound = (id: number | string) => `review ${id} not found`;

/** A review id as typed on the command line: a whole number, else a usage error that says so. */
export function parseReviewId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new CliError(`expected a review id (a whole number), not ${JSON.stringify(raw)}`);
  return Number(raw);
}

/**
 * `<id|PR URL>`: a PR/MR URL means its newest review in the org, found with the list's search
 * (`q` matches the PR/MR URL), since that is what someone pasting a link from a CI page wants.
 */
export async function resolveReviewRef(client: ApiClient, raw: string): Promise<number> {
  if (!/^https?:\/\//i.test(raw)) return parseReviewId(raw);
  const wanted = normalizeUrl(raw);
  const list = await client.getJson(ReviewListResponseSchema, '/reviews', {
    query: { q: raw, sort: 'created_at', order: 'desc', per_page: 100 },
  });
  const match = list.items.find((review) => review.prMrUrl !== null && normalizeUrl(review.prMrUrl) === wanted);
  if (!match) throw new CliError(`no review of ${raw} found`);
  return match.id;
}

/** A trailing slash or `#…` copied from the browser does not make it another pull request. */
function normalizeUrl(url: string): string {
  return url.replace(/#.*$/, '').replace(/\/+$/, '').toLowerCase();
}
