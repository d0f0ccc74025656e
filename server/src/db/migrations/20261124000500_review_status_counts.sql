-- Exact list totals without count(*) over a million rows: per org and status, kept by triggers in
-- the writing transaction, so every writer (the app, an external engine, an operator's SQL) counts.
-- Inserts and deletes are statement-level (set-based for bulk writes); status changes are rare
-- per row, so a row trigger that fires only when the status or org really changes is enough.
CREATE TABLE review_status_counts (
  org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  status text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (org_id, status)
);

CREATE FUNCTION review_status_counts_add(p_org bigint, p_status text, p_delta bigint) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO review_status_counts (org_id, status, n) VALUES (p_org, p_status, p_delta)
  ON CONFLICT (org_id, status) DO UPDATE SET n = review_status_counts.n + excluded.n;
$$;

CREATE FUNCTION review_status_counts_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- ORDER BY takes the counter rows' locks in one order, so concurrent writers cannot deadlock here.
  INSERT INTO review_status_counts (org_id, status, n)
    SELECT org_id, status, count(*) FROM new_rows GROUP BY org_id, status ORDER BY org_id, status
  ON CONFLICT (org_id, status) DO UPDATE SET n = review_status_counts.n + excluded.n;
  RETURN NULL;
END $$;

CREATE FUNCTION review_status_counts_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE review_status_counts c SET n = c.n - d.cnt
    FROM (SELECT org_id, status, count(*) AS cnt FROM old_rows GROUP BY org_id, status) d
   WHERE c.org_id = d.org_id AND c.status = d.status;
  RETURN NULL;
END $$;

CREATE FUNCTION review_status_counts_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.org_id, OLD.status) < (NEW.org_id, NEW.status) THEN
    PERFORM review_status_counts_add(OLD.org_id, OLD.status, -1);
    PERFORM review_status_counts_add(NEW.org_id, NEW.status, 1);
  ELSE
    PERFORM review_status_counts_add(NEW.org_id, NEW.status, 1);
    PERFORM review_status_counts_add(OLD.org_id, OLD.status, -1);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER review_status_counts_insert AFTER INSERT ON reviews
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION review_status_counts_on_insert();
CREATE TRIGGER review_status_counts_delete AFTER DELETE ON reviews
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION review_status_counts_on_delete();
CREATE TRIGGER review_status_counts_update AFTER UPDATE OF status, org_id ON reviews
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.org_id IS DISTINCT FROM NEW.org_id)
  EXECUTE FUNCTION review_status_counts_on_update();
