-- Final review comments (host product table); the detail page reads them per review.
CREATE TABLE ai_comments (
  id bigserial PRIMARY KEY,
  review_id bigint NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  org_id bigint NOT NULL,
  comment_type text,
  content jsonb,
  file_path text,
  line_number integer,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ai_comments_review_idx ON ai_comments (review_id, file_path, line_number);
