import { sql } from 'kysely';
import type { Db } from '../../server/src/db/database.ts';
import type { FakeHttpServer } from '../../server/src/testing/fake-git/fake-http-server.ts';

const terminal = ['completed', 'failed', 'canceled'];

/** Per pull request: how many of its webhook reviews are active (queued or running, no cancel asked). */
export async function activeReviewsPerPull(db: Db, reviewIds: number[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('reviews')
    .select([
      'pr_mr_url',
      sql<number>`count(*) filter (where status in ('created', 'in_progress') and cancel_requested_at is null)::int`.as(
        'active',
      ),
    ])
    .where('id', 'in', reviewIds)
    .groupBy('pr_mr_url')
    .execute();
  return new Map(rows.map((row) => [row.pr_mr_url ?? '', row.active]));
}

/** Resolves with how many of `ids` are still not terminal when all are, or at the deadline (polling only decides when to stop waiting). */
export async function waitTerminal(db: Db, ids: number[], deadline: number): Promise<number> {
  const pending = new Set(ids);
  while (pending.size > 0 && performance.now() < deadline) {
    const done = await db
      .selectFrom('reviews')
      .select('id')
      .where('id', 'in', [...pending])
      .where('status', 'in', terminal)
      .execute();
    for (const row of done) pending.delete(row.id);
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return pending.size;
}

export interface ReviewEnding {
  id: number;
  prUrl: string;
  status: string;
  supersededBy: number | null;
  commentsUrl: string | null;
}

export async function reviewEndings(db: Db, ids: number[]): Promise<ReviewEnding[]> {
  const rows = await db
    .selectFrom('reviews')
    .select(['id', 'pr_mr_url', 'status', 'metadata'])
    .where('id', 'in', ids)
    .execute();
  return rows.map((row) => {
    const metadata = (row.metadata ?? {}) as Record<string, unknown>;
    return {
      id: row.id,
      prUrl: row.pr_mr_url ?? '',
      status: row.status,
      supersededBy: typeof metadata['supersededBy'] === 'number' ? metadata['supersededBy'] : null,
      commentsUrl: typeof metadata['commentsUrl'] === 'string' ? metadata['commentsUrl'] : null,
    };
  });
}

/**
 * Writes that answer on a pull request, by its number, among the fake host's requests from
 * `fromIndex` on: issue comments, pull request reviews and review comments (whichever the engine uses).
 */
export function postsPerPull(host: FakeHttpServer, fromIndex: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const request of host.requests.slice(fromIndex)) {
    if (request.method !== 'POST') continue;
    const match = /\/repos\/[^/]+\/[^/]+\/(?:issues|pulls)\/(\d+)\/(?:comments|reviews)$/.exec(request.rawPath);
    if (!match) continue;
    const number = Number(match[1]);
    counts.set(number, (counts.get(number) ?? 0) + 1);
  }
  return counts;
}

/** The pull request number at the end of a PR URL (…/pull/42). */
export const pullNumberOf = (prUrl: string): number => Number(/\/(\d+)$/.exec(prUrl)?.[1] ?? Number.NaN);
