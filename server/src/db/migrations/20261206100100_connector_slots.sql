-- A connector's concurrency slots as leases, shared by every worker process through the database.
-- Row (connector_id, slot) for slot 0..limit-1; a slot is free when it has no row or its lease ran
-- out, so a worker that crashed mid-call frees its slot by itself within one lease. Leases rather
-- than session advisory locks: an advisory lock lives on one pooled connection, which would have
-- to stay checked out for the whole model call (minutes) — PGlite has only one.
CREATE TABLE connector_slots (
  connector_id bigint NOT NULL REFERENCES ai_connectors (id) ON DELETE CASCADE,
  slot integer NOT NULL,
  holder text NOT NULL,
  lease_until timestamptz NOT NULL,
  acquired_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connector_id, slot)
);
