import type { Db } from '../../server/src/db/database.ts';
import { createOrg, createUser, grantRole } from '../../server/src/admin/admin.repository.ts';
import { signToken } from './app-server.ts';
import type { StreamTarget } from './sse-clients.ts';

export interface LiveReview {
  id: number;
  orgId: number;
}

export interface LiveOrg {
  orgId: number;
  ownerId: number;
  ownerToken: string;
  reviews: LiveReview[];
  /** Members, each opening at most `streamsPerViewer` streams. */
  viewerTokens: string[];
}

/**
 * The stream caps are per user and per org (20 / 1,000 by default, per process). A child process
 * started with `npm start` keeps those defaults, so thousands of streams must come from many
 * members of several orgs, which is also what such a load looks like in production.
 */
export const STREAMS_PER_VIEWER = 10;
/** Half the per-org cap, so a reconnect or a slow close never meets a 429. */
export const STREAMS_PER_ORG = 500;

let batch = 0; // org names and emails are unique: several fixtures share one database

/**
 * Orgs, each with an owner (ingestion needs that role), in-progress reviews with no events, and
 * enough members to open `streamsPerOrg` streams within the caps.
 */
export async function makeLiveOrgs(
  db: Db,
  options: { orgs: number; reviewsPerOrg: number; streamsPerOrg?: number },
): Promise<LiveOrg[]> {
  const label = `live${++batch}`;
  const viewers = Math.ceil((options.streamsPerOrg ?? 0) / STREAMS_PER_VIEWER);
  const orgs: LiveOrg[] = [];
  for (let o = 0; o < options.orgs; o++) {
    const orgId = await createOrg(db, `Bench ${label} org ${o}`);
    const ownerId = await createUser(db, { email: `owner-${label}-${o}@bench.test`, defaultOrgId: orgId });
    await grantRole(db, ownerId, orgId, 'owner');
    const rows = await db
      .insertInto('reviews')
      .values(
        Array.from({ length: options.reviewsPerOrg }, (_, r) => ({
          org_id: orgId,
          status: 'in_progress' as const,
          repository: 'bench/live',
          provider: 'github',
          pr_mr_url: `https://github.com/bench/live/pull/${r + 1}`,
          mr_title: `Live bench review ${r + 1}`,
          trigger_type: 'manual',
          started_at: new Date(),
        })),
      )
      .returning('id')
      .execute();
    const viewerTokens: string[] = [];
    for (let v = 0; v < viewers; v++) {
      const userId = await createUser(db, { email: `viewer-${label}-${o}-${v}@bench.test`, defaultOrgId: orgId });
      await grantRole(db, userId, orgId, 'member');
      viewerTokens.push(await signToken(userId));
    }
    orgs.push({
      orgId,
      ownerId,
      ownerToken: await signToken(ownerId),
      reviews: rows.map((r) => ({ id: r.id, orgId })),
      viewerTokens,
    });
  }
  return orgs;
}

/**
 * `perReview` streams on every review of every org, dealt to the org's members in turn so that no
 * member holds more than STREAMS_PER_VIEWER.
 */
export function streamTargets(orgs: LiveOrg[], perReview: number): StreamTarget[] {
  const targets: StreamTarget[] = [];
  for (const org of orgs) {
    let n = 0;
    for (const review of org.reviews) {
      for (let v = 0; v < perReview; v++) {
        const token = org.viewerTokens[Math.floor(n++ / STREAMS_PER_VIEWER)];
        if (!token) throw new Error(`org ${org.orgId} has too few viewers for ${n} streams`);
        targets.push({ reviewId: review.id, token });
      }
    }
  }
  return targets;
}
