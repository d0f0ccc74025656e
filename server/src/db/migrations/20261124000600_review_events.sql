-- Append-only structured events (spec: review_events), plus `seq`: a gap-free per-review cursor.
-- seq is gap-free because it is taken from reviews.last_seq under that row's lock inside the
-- inserting transaction: a rolled-back insert rolls the counter back too (architecture §5).
CREATE TABLE review_events (
  id bigserial PRIMARY KEY,
  review_id bigint NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  org_id bigint NOT NULL,
  seq bigint NOT NULL,
  ts timestamptz NOT NULL DEFAULT now(),
  event_type text NOT NULL,
  level text,
  batch_id text,
  data jsonb NOT NULL DEFAULT '{}',
  -- Idempotency key from an external engine (POST /reviews/{id}/events).
  event_id text,
  CONSTRAINT review_events_review_seq_key UNIQUE (review_id, seq)
);
CREATE INDEX idx_review_events_review_ts ON review_events (review_id, ts);
CREATE INDEX idx_review_events_org_ts ON review_events (org_id, ts);
-- The detail page derives batches, milestones and the result from a few event types.
CREATE INDEX idx_review_events_type ON review_events (review_id, event_type, seq);
CREATE UNIQUE INDEX review_events_event_id_key ON review_events (review_id, event_id) WHERE event_id IS NOT NULL;

-- Writers that name only the contract columns (no seq, maybe no org_id) still get a correct row.
-- The app assigns seq itself for whole batches and skips this per-row path.
CREATE FUNCTION review_events_fill_seq() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  -- Copied into variables: PostgreSQL 18 gives RETURNING its own NEW/OLD, which would be ambiguous.
  target_review bigint := NEW.review_id;
  next_seq bigint;
  review_org bigint;
BEGIN
  UPDATE reviews r SET last_seq = r.last_seq + 1 WHERE r.id = target_review
    RETURNING r.last_seq, r.org_id INTO next_seq, review_org;
  NEW.seq := next_seq;
  NEW.org_id := coalesce(NEW.org_id, review_org);
  RETURN NEW;
END $$;
CREATE TRIGGER review_events_fill_seq BEFORE INSERT ON review_events
  FOR EACH ROW WHEN (NEW.seq IS NULL) EXECUTE FUNCTION review_events_fill_seq();

-- Keep the list columns current in the inserting transaction, set-based per statement.
CREATE FUNCTION review_events_touch_review() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE reviews r SET
      last_seq = greatest(r.last_seq, s.max_seq),
      last_event_at = greatest(r.last_event_at, s.max_ts),
      event_counts = (
        SELECT coalesce(jsonb_object_agg(k, coalesce((r.event_counts ->> k)::bigint, 0) + coalesce((s.counts ->> k)::bigint, 0)), '{}')
          FROM jsonb_object_keys(r.event_counts || s.counts) AS k
      ),
      updated_at = now()
    FROM (
      SELECT review_id, max(seq) AS max_seq, max(ts) AS max_ts, jsonb_object_agg(event_type, cnt) AS counts
        FROM (SELECT review_id, event_type, count(*) AS cnt, max(seq) AS seq, max(ts) AS ts
                FROM new_rows GROUP BY review_id, event_type) per_type
       GROUP BY review_id
       ORDER BY review_id
    ) s
   WHERE r.id = s.review_id;
  RETURN NULL;
END $$;
CREATE TRIGGER review_events_touch_review AFTER INSERT ON review_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION review_events_touch_review();
