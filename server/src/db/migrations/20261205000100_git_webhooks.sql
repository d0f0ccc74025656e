-- Git webhooks (issue 14): a GitHub/GitLab endpoint per org that starts reviews by itself, and the
-- delivery log that answers "why didn't it review?". The secret is sealed by the app (SecretBox,
-- "enc:v1:…") like connector keys and git tokens.
CREATE TABLE git_webhooks (
  id bigserial PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  provider text NOT NULL CHECK (provider IN ('github', 'gitlab')),
  -- A token or connector in use cannot be deleted from under a webhook (the owner removes the hook first).
  integration_token_id bigint NOT NULL REFERENCES integration_tokens (id),
  connector_id bigint NOT NULL REFERENCES ai_connectors (id),
  -- Empty = every repository the provider sends.
  repositories text[] NOT NULL DEFAULT '{}',
  skip_drafts boolean NOT NULL DEFAULT true,
  path_filters text[] NOT NULL DEFAULT '{}',
  enabled boolean NOT NULL DEFAULT true,
  secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Serves the settings list (GET /git-webhooks) of one org.
CREATE INDEX git_webhooks_org_idx ON git_webhooks (org_id, id);

CREATE TABLE webhook_deliveries (
  id bigserial PRIMARY KEY,
  webhook_id bigint NOT NULL REFERENCES git_webhooks (id) ON DELETE CASCADE,
  org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  -- X-GitHub-Delivery / X-Gitlab-Event-UUID; null when the sender left it out.
  delivery_id text,
  received_at timestamptz NOT NULL DEFAULT now(),
  event text,
  action text,
  repository text,
  number integer,
  head_sha text,
  signature_ok boolean NOT NULL,
  decision text NOT NULL CHECK (decision IN ('queued', 'skipped', 'ignored', 'rejected', 'superseded')),
  reason text NOT NULL,
  review_id bigint REFERENCES reviews (id) ON DELETE SET NULL,
  -- The fields the decision read (never headers or secrets), capped so a delivery row stays small.
  payload_excerpt jsonb CHECK (octet_length(payload_excerpt::text) <= 4096)
);
-- Redeliveries are idempotent in the database, not in memory: the second insert of a verified
-- delivery id conflicts. Rejected (unsigned) rows do not take part, so a forged request cannot
-- claim a delivery id ahead of the real one.
CREATE UNIQUE INDEX webhook_deliveries_delivery_idx ON webhook_deliveries (webhook_id, delivery_id)
  WHERE signature_ok AND delivery_id IS NOT NULL;
-- Serve GET /git-webhooks/{id}/deliveries newest first by id cursor, without and with a decision filter.
CREATE INDEX webhook_deliveries_list_idx ON webhook_deliveries (webhook_id, id);
CREATE INDEX webhook_deliveries_decision_idx ON webhook_deliveries (webhook_id, decision, id);
