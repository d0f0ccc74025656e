-- Issue 14: a push supersedes the PR's queued or running webhook review, so at most one webhook
-- review of a PR is active. Enforced here, not in memory, so two API processes or two quick pushes
-- cannot both queue one. A running review that was told to stop (cancel_requested_at set) no
-- longer counts: its worker ends it within a tick while the new review is already queued.
-- Reviews queued before this migration by an earlier push are asked to stop, keeping the newest.
UPDATE reviews SET cancel_requested_at = now()
 WHERE trigger_type = 'webhook' AND status IN ('created', 'in_progress') AND cancel_requested_at IS NULL
   AND pr_mr_url IS NOT NULL
   AND id NOT IN (
     SELECT max(id) FROM reviews
      WHERE trigger_type = 'webhook' AND status IN ('created', 'in_progress') AND cancel_requested_at IS NULL
      GROUP BY org_id, pr_mr_url
   );
CREATE UNIQUE INDEX reviews_one_active_webhook_review_idx ON reviews (org_id, pr_mr_url)
  WHERE trigger_type = 'webhook' AND status IN ('created', 'in_progress') AND cancel_requested_at IS NULL;
