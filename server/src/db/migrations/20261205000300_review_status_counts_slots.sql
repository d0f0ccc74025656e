-- Spreads each org's status counters over 8 slots. One row per (org, status) made every writer of
-- an org queue on that row's lock from its INSERT into reviews until its commit: webhook intake at
-- 200 deliveries/s spent most of its time waiting on it (pg_stat_activity: Lock/transactionid).
-- A writer now adds to the slot of its own connection (backend pid mod 8), so concurrent writers
-- rarely share a row; readers already sum every row of a status.
ALTER TABLE review_status_counts ADD COLUMN slot smallint NOT NULL DEFAULT 0;
ALTER TABLE review_status_counts DROP CONSTRAINT review_status_counts_pkey;
ALTER TABLE review_status_counts ADD PRIMARY KEY (org_id, status, slot);

CREATE OR REPLACE FUNCTION review_status_counts_add(p_org bigint, p_status text, p_delta bigint) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO review_status_counts (org_id, status, slot, n) VALUES (p_org, p_status, pg_backend_pid() % 8, p_delta)
  ON CONFLICT (org_id, status, slot) DO UPDATE SET n = review_status_counts.n + excluded.n;
$$;

CREATE OR REPLACE FUNCTION review_status_counts_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- ORDER BY takes the counter rows' locks in one order, so concurrent writers cannot deadlock here.
  INSERT INTO review_status_counts (org_id, status, slot, n)
    SELECT org_id, status, pg_backend_pid() % 8, count(*) FROM new_rows GROUP BY org_id, status ORDER BY org_id, status
  ON CONFLICT (org_id, status, slot) DO UPDATE SET n = review_status_counts.n + excluded.n;
  RETURN NULL;
END $$;

-- A delete subtracts in the writer's own slot too (a slot may go negative; the sum stays exact).
CREATE OR REPLACE FUNCTION review_status_counts_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO review_status_counts (org_id, status, slot, n)
    SELECT org_id, status, pg_backend_pid() % 8, -count(*) FROM old_rows GROUP BY org_id, status ORDER BY org_id, status
  ON CONFLICT (org_id, status, slot) DO UPDATE SET n = review_status_counts.n + excluded.n;
  RETURN NULL;
END $$;
