-- A finished review's outcome in one word (issue 15 §3): clean, findings, partial,
-- nothing_reviewed or failed, from its completion event. "Found nothing" (clean) and "read
-- nothing" (nothing_reviewed) were both a plain success before; the list shows and filters the word.
ALTER TABLE reviews
  ADD COLUMN outcome text,
  ADD COLUMN outcome_reason text,
  -- A partial review's failed batch ids, for the retry of failed batches only.
  ADD COLUMN failed_batches text[];

-- Backfill what the stored rows say. This engine wrote "Nothing to review: …" when every file was
-- skipped or filtered out, and a "> Partial result:" note when some batches failed; other
-- successes are findings or clean by their comments. Canceled and unfinished reviews have none.
UPDATE reviews
   SET outcome = CASE
         WHEN status = 'failed' THEN 'failed'
         WHEN result_summary LIKE 'Nothing to review%' THEN 'nothing_reviewed'
         WHEN result_summary LIKE '%> Partial result:%' THEN 'partial'
         WHEN comment_count > 0 THEN 'findings'
         ELSE 'clean'
       END,
       outcome_reason = CASE
         WHEN status = 'failed' THEN left(error_summary, 2000)
         WHEN result_summary LIKE 'Nothing to review%' THEN left(substr(result_summary, 20), 2000)
       END
 WHERE status IN ('completed', 'failed');

-- The list's outcome= filter, newest first within the org (as reviews_org_created_idx serves the list).
CREATE INDEX reviews_org_outcome_idx ON reviews (org_id, outcome, created_at DESC, id DESC);
