-- Every list filter and sort of GET /reviews has an index that serves it, org first (org scope is
-- always part of the query). The id tiebreak makes pages stable when timestamps collide.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- default sort (created_at) and the from/to window
CREATE INDEX reviews_org_created_idx ON reviews (org_id, created_at DESC, id DESC);
-- super_admin across all orgs
CREATE INDEX reviews_created_idx ON reviews (created_at DESC, id DESC);
-- sort=last_event_at ("last update": creation counts as activity until the first event)
CREATE INDEX reviews_org_activity_idx ON reviews (org_id, last_activity_at DESC, id DESC);
-- sort=duration (final durations; unfinished reviews have none and sort last when descending)
CREATE INDEX reviews_org_duration_idx ON reviews (org_id, duration_ms DESC NULLS LAST, id DESC);
-- status filter, alone or with a time window
CREATE INDEX reviews_org_status_created_idx ON reviews (org_id, status, created_at DESC, id DESC);
-- model / provider_type / connector / git provider filters
CREATE INDEX reviews_org_model_created_idx ON reviews (org_id, ai_model, created_at DESC, id DESC);
CREATE INDEX reviews_org_ai_provider_created_idx ON reviews (org_id, ai_provider, created_at DESC, id DESC);
CREATE INDEX reviews_org_connector_created_idx ON reviews (org_id, connector_id, created_at DESC, id DESC);
CREATE INDEX reviews_org_git_provider_created_idx ON reviews (org_id, provider, created_at DESC, id DESC);
-- q: substring search in URL, title and repository
CREATE INDEX reviews_search_trgm_idx ON reviews USING gin (search_text gin_trgm_ops);
-- retry links and the engine's queue claim (status='created' ordered by age)
CREATE INDEX reviews_retry_of_idx ON reviews (retry_of) WHERE retry_of IS NOT NULL;
CREATE INDEX reviews_queue_idx ON reviews (created_at, id) WHERE status = 'created';
