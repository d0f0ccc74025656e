-- The batches of a running review that wait right now (a connector slot, a rate limit), keyed by
-- batch id: `{"batch-2": {"reason": "rate_limit", "until": "…"}}`. Kept by the event store from
-- `batch` events (a `waiting` one sets its key, any other status of that batch removes it), so the
-- list row can say "waiting" without reading events. NULL or {} when nothing waits.
ALTER TABLE reviews ADD COLUMN waiting_batches jsonb;
