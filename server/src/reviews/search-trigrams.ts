/**
 * Which trigrams of a search (`q`) the trigram index should read.
 *
 * `search_text LIKE '%q%'` makes the index read one posting list per trigram of q and intersect
 * them. Reading a list costs its length: a trigram that every row has ("htt", "com", "pul" of a
 * pasted PR URL) is a walk over an entry per row of the table, and a URL has a dozen of them. So the
 * list reads the index through a few rare trigrams only (`LIKE '%po7%'`, one trigram each) and
 * checks the whole q on the rows they leave (`strpos`), which is the same match.
 */

/** ANALYZE's most common trigrams of the haystack (reviews_search_trigrams) and their row shares. */
export interface TrigramStats {
  frequencies: ReadonlyMap<string, number>;
  /** Share assumed for a trigram that is not listed: ANALYZE lists every trigram more common. */
  unlisted: number;
}

/** Stop adding trigrams once they are expected to leave this share of the rows or fewer. */
const FEW_ENOUGH = 0.002;
/** A trigram in more rows than this costs more to read than the rows it removes. */
const TOO_COMMON = 0.2;
const MAX_TRIGRAMS = 3;

/**
 * The rarest trigram of each word of q (a word: three or more ASCII letters or digits, so each of
 * its trigrams is one the index stores, whatever pg_trgm's word rules for other characters), the
 * rarest word first, as many as it takes to expect few rows. Words are taken one trigram each
 * because trigrams of one word come together (every "invalidation" has "lid" and "ati"): counting
 * them as independent would promise the planner far fewer rows than they leave.
 *
 * Empty when there are no statistics yet (no ANALYZE) or no such word: the caller then searches
 * with the plain LIKE, whose every trigram the index reads, as before.
 */
export function indexTrigrams(q: string, stats: TrigramStats | undefined): string[] {
  if (!stats) return [];
  const share = (trigram: string) => stats.frequencies.get(trigram) ?? stats.unlisted;
  const rarestPerWord = (q.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []).map((word) => {
    const trigrams = Array.from({ length: word.length - 2 }, (_, i) => word.slice(i, i + 3));
    return trigrams.reduce((a, b) => (share(b) < share(a) ? b : a));
  });
  const ordered = [...new Set(rarestPerWord)].sort((a, b) => share(a) - share(b));
  const chosen: string[] = [];
  let expected = 1;
  for (const trigram of ordered) {
    if (chosen.length > 0 && (chosen.length >= MAX_TRIGRAMS || expected <= FEW_ENOUGH || share(trigram) > TOO_COMMON))
      break;
    chosen.push(trigram);
    expected *= share(trigram);
  }
  return chosen;
}
