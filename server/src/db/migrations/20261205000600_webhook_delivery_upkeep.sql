-- Issue 14, the delivery log's upkeep and its last missing rows.
-- A redelivery (GitHub's "Redeliver", a GitLab retry) of a delivery already handled gets a row of
-- its own, marked, so the log shows it arrived and that it started nothing; only the first row of
-- a delivery id takes part in the idempotency index.
ALTER TABLE webhook_deliveries ADD COLUMN redelivery boolean NOT NULL DEFAULT false;
DROP INDEX webhook_deliveries_delivery_idx;
CREATE UNIQUE INDEX webhook_deliveries_delivery_idx ON webhook_deliveries (webhook_id, delivery_id)
  WHERE signature_ok AND delivery_id IS NOT NULL AND NOT redelivery;
-- Retention deletes rows older than 30 days, oldest first, in batches.
CREATE INDEX webhook_deliveries_received_idx ON webhook_deliveries (received_at);
-- Rejected (unsigned) rows are capped per webhook at every insert: the cap reads the newest ones.
CREATE INDEX webhook_deliveries_rejected_idx ON webhook_deliveries (webhook_id, id) WHERE NOT signature_ok;
-- A push that supersedes a review marks the delivery that started it; also serves the FK's SET NULL.
CREATE INDEX webhook_deliveries_review_idx ON webhook_deliveries (review_id) WHERE review_id IS NOT NULL;
