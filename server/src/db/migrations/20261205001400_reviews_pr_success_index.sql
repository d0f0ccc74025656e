-- Issue 14: a new review of a PR covers the change since the PR's latest successful review, and a
-- delivery whose head was already reviewed successfully is skipped. Both look up the successful
-- reviews of one PR, newest first; this index serves them (a handful of rows per PR).
CREATE INDEX reviews_pr_success_idx ON reviews (org_id, pr_mr_url, id DESC) WHERE status = 'completed';
