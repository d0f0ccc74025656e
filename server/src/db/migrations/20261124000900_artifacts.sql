-- Full prompts, responses and diffs live in the artifact store (DATA_DIR or S3); this table records
-- what exists, for whom, and the previews. Keys are generated ids, never user input.
CREATE TABLE artifacts (
  id uuid PRIMARY KEY,
  review_id bigint NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  org_id bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('prompt', 'response', 'diff')),
  batch_id text,
  content_type text NOT NULL DEFAULT 'text/plain; charset=utf-8',
  size_bytes bigint NOT NULL,
  storage_key text NOT NULL,
  preview_head text NOT NULL DEFAULT '',
  preview_tail text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
-- GET /reviews/{id}/artifacts?kind=&batch_id=
CREATE INDEX artifacts_review_idx ON artifacts (review_id, kind, batch_id);
