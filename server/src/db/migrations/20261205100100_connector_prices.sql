-- A connector's own price in US dollars per million tokens, overriding the bundled price table
-- (a negotiated rate, a self-hosted server with a cost). Both or neither: half a price is no price.
ALTER TABLE ai_connectors
  ADD COLUMN price_per_mtok_in double precision,
  ADD COLUMN price_per_mtok_out double precision,
  ADD CONSTRAINT ai_connectors_prices_check CHECK (
    (price_per_mtok_in IS NULL) = (price_per_mtok_out IS NULL)
    AND coalesce(price_per_mtok_in, 0) >= 0
    AND coalesce(price_per_mtok_out, 0) >= 0
  );
