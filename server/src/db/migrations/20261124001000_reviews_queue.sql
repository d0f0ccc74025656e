-- The engine's queue lives on the review row (architecture §3). Retries are new rows linked by
-- retry_of; an Idempotency-Key makes a repeated retry request return the same new review.
ALTER TABLE reviews ADD COLUMN idempotency_key text;
CREATE UNIQUE INDEX reviews_retry_idempotency_idx ON reviews (retry_of, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
-- The reaper looks for running reviews whose lease ran out.
CREATE INDEX reviews_lease_idx ON reviews (lease_until) WHERE status = 'in_progress' AND lease_until IS NOT NULL;
