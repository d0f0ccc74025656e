-- What each review read of its change, file by file (issue 15 §2), written when the engine plans the
-- batches so a running review already shows it. One row per review, the files as one jsonb array:
-- they are always read and written whole (the detail shows them all, nothing queries one file),
-- and a separate table keeps up to 2,000 entries out of the hot reviews row that every status
-- change rewrites. The totals count every file, also those beyond the 2,000 kept (files_omitted).
CREATE TABLE review_file_coverage (
  -- the primary key serves GET /reviews/{id} (one row per review)
  review_id bigint PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
  org_id bigint NOT NULL,
  files_total integer NOT NULL,
  files_reviewed integer NOT NULL,
  files_skipped integer NOT NULL,
  files_clipped integer NOT NULL,
  lines_reviewed bigint NOT NULL,
  lines_total bigint NOT NULL,
  files jsonb NOT NULL,
  files_omitted integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
