/** How many of the org's latest reviews decide which connector "New review" starts with. */
export const RECENT_REVIEWS_FOR_DEFAULT = 20;

/**
 * The connector a new review starts with: the one the org used most among its latest reviews (ties go
 * to the one used most recently), so a team with one real connector and a test one gets the real one;
 * the first connector when the recent reviews used none that still exists.
 */
export function preferredConnectorId(
  connectors: readonly { id: number }[],
  recentReviews: readonly { connector: { id: number } | null }[],
): number | undefined {
  const existing = new Set(connectors.map((c) => c.id));
  const uses = new Map<number, number>();
  // Newest first: Map keeps first-insertion order, which breaks ties toward the most recent use.
  for (const review of recentReviews) {
    const id = review.connector?.id;
    if (id !== undefined && existing.has(id)) uses.set(id, (uses.get(id) ?? 0) + 1);
  }
  let best: number | undefined;
  for (const [id, count] of uses) if (best === undefined || count > uses.get(best)!) best = id;
  return best ?? connectors[0]?.id;
}
