-- The review row is both the record and the job (architecture §3). Host product columns first;
-- then the columns the list needs without scanning events, kept current by the event writer.
CREATE TABLE reviews (
  id bigserial PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  repository text,
  branch text,
  commit_hash text,
  pr_mr_url text,
  connector_id bigint REFERENCES ai_connectors (id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'created'
    CHECK (status IN ('created', 'in_progress', 'completed', 'failed', 'canceled')),
  trigger_type text DEFAULT 'manual',
  user_email text,
  provider text,
  mr_title text,
  author_name text,
  author_username text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  completed_at timestamptz,
  metadata jsonb DEFAULT '{}',

  engine text NOT NULL DEFAULT 'builtin' CHECK (engine IN ('builtin', 'external')),
  -- Snapshot of the connector at creation, so history keeps the model it ran with.
  ai_provider text,
  ai_model text,
  retry_of bigint REFERENCES reviews (id) ON DELETE SET NULL,
  created_by bigint REFERENCES users (id) ON DELETE SET NULL,
  last_event_at timestamptz,
  last_seq bigint NOT NULL DEFAULT 0,
  event_counts jsonb NOT NULL DEFAULT '{}',
  comment_count integer NOT NULL DEFAULT 0,
  error_summary text,
  error_category text,
  result_summary text,
  batches_total integer,
  batches_done integer NOT NULL DEFAULT 0,
  -- Queue columns (engine.md: claiming, leases, cancel).
  run_after timestamptz,
  locked_by text,
  lease_until timestamptz,
  attempt integer NOT NULL DEFAULT 0,
  cancel_requested_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),

  -- Derived, never written by anyone: final duration, sort key for "last update", search haystack.
  duration_ms bigint GENERATED ALWAYS AS (
    CASE WHEN started_at IS NOT NULL AND completed_at IS NOT NULL
      THEN (extract(epoch FROM (completed_at - started_at)) * 1000)::bigint END
  ) STORED,
  last_activity_at timestamptz GENERATED ALWAYS AS (coalesce(last_event_at, created_at)) STORED,
  search_text text GENERATED ALWAYS AS (
    lower(coalesce(pr_mr_url, '') || ' ' || coalesce(mr_title, '') || ' ' || coalesce(repository, ''))
  ) STORED
);

-- Fill the connector snapshot for writers that name only the host product's columns.
CREATE FUNCTION reviews_fill_connector_snapshot() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT coalesce(NEW.ai_provider, c.provider_name), coalesce(NEW.ai_model, c.selected_model)
    INTO NEW.ai_provider, NEW.ai_model
    FROM ai_connectors c WHERE c.id = NEW.connector_id;
  RETURN NEW;
END $$;

CREATE TRIGGER reviews_fill_connector_snapshot
  BEFORE INSERT ON reviews
  FOR EACH ROW
  WHEN (NEW.connector_id IS NOT NULL AND (NEW.ai_model IS NULL OR NEW.ai_provider IS NULL))
  EXECUTE FUNCTION reviews_fill_connector_snapshot();
