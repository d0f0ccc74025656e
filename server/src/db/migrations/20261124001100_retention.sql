-- Per-org retention (the spec's open question): NULL keeps everything (the default). The pruning
-- job deletes events and artifacts older than this in small batches, through
-- idx_review_events_org_ts and artifacts_org_created_idx, without long locks.
ALTER TABLE orgs ADD COLUMN event_retention_days integer CHECK (event_retention_days > 0);
ALTER TABLE orgs ADD COLUMN artifact_retention_days integer CHECK (artifact_retention_days > 0);
CREATE INDEX artifacts_org_created_idx ON artifacts (org_id, created_at);
