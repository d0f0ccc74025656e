-- The events window (GET /reviews/{id}/events) filters by level and batch within one review and
-- pages by seq; these serve those filters without scanning the review's other events.
CREATE INDEX idx_review_events_level ON review_events (review_id, level, seq) WHERE level IS NOT NULL;
CREATE INDEX idx_review_events_batch ON review_events (review_id, batch_id, seq) WHERE batch_id IS NOT NULL;
