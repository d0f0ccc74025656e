-- Search (q) statistics. Two things the planner's defaults do not know about the search haystack:
--
-- 1. How common each trigram is. A pasted PR URL is mostly trigrams every row has ("htt", "git",
--    "com", "pul"): read through the trigram index, each costs a walk of a posting tree as long as
--    the table. ANALYZE keeps the frequent trigrams and their frequencies here, so the list reads
--    the index only through the query's rarest trigrams and checks the whole text on the few rows
--    they leave (reviews.repository.ts, search-trigrams.ts).
CREATE STATISTICS reviews_search_trigrams ON (show_trgm(search_text)) FROM reviews;
-- Its own size: the column's target below would otherwise apply to it too, and every search reads it.
ALTER STATISTICS reviews_search_trigrams SET STATISTICS 100;

-- 2. How many rows a substring matches. A search total above 10,000 is the planner's estimate
--    (api.md), which for '%…%' comes from the column's histogram used as a sample: with the default
--    100 entries a fragment matching 1.5 % of the rows is seen 0, 1 or 2 times, so its estimate
--    jumps between "none" and twice the truth from one ANALYZE to the next, and an estimate below
--    10,000 means counting 10,000 matches (tens of ms). 2,500 entries resolve 0.04 %.
ALTER TABLE reviews ALTER COLUMN search_text SET STATISTICS 2500;
