-- What each finished review used, from its completion event (the engine's totals of its model
-- calls): the detail shows them and the list sorts by cost and tokens. Null until the review
-- finished, and for engines that report none; a null cost beside tokens means a price was unknown.
ALTER TABLE reviews
  ADD COLUMN usage_tokens_in bigint,
  ADD COLUMN usage_tokens_out bigint,
  -- in + out, stored so sort=tokens has an index to walk
  ADD COLUMN usage_tokens bigint,
  ADD COLUMN usage_cost_usd double precision,
  ADD COLUMN usage_model_calls integer,
  ADD COLUMN usage_model_ms bigint,
  ADD COLUMN usage_wait_ms bigint;

-- sort=cost and sort=tokens, as reviews_org_duration_idx serves sort=duration
CREATE INDEX reviews_org_cost_idx ON reviews (org_id, usage_cost_usd DESC NULLS LAST, id DESC);
CREATE INDEX reviews_org_tokens_idx ON reviews (org_id, usage_tokens DESC NULLS LAST, id DESC);
