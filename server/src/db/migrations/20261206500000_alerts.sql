-- Alerts on systemic failures (issue 16): rules evaluated over recent reviews, their firing/resolved
-- history, Standard Webhooks endpoints, and a persisted delivery queue with every attempt logged.

CREATE TABLE alert_rules (
  id bigserial PRIMARY KEY,
  -- The org that owns the rule: its endpoints are notified and its owners manage it.
  org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  -- A super_admin's rule over the reviews of every org (otherwise only the owning org's reviews).
  all_orgs boolean NOT NULL DEFAULT false,
  name text NOT NULL,
  metric text NOT NULL
    CHECK (metric IN ('failure_rate', 'fallback_rate', 'error_category', 'p95_duration_ms', 'consecutive_failures')),
  threshold double precision NOT NULL,
  category text,
  window_minutes integer NOT NULL CHECK (window_minutes BETWEEN 1 AND 10080),
  min_reviews integer NOT NULL DEFAULT 1 CHECK (min_reviews >= 1),
  connector_id bigint REFERENCES ai_connectors (id) ON DELETE CASCADE,
  model text,
  enabled boolean NOT NULL DEFAULT true,
  -- Created by the system with the org's first connector; switched on with its first endpoint
  -- unless an owner has touched it since.
  is_default boolean NOT NULL DEFAULT false,
  edited boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (metric <> 'error_category' OR category IS NOT NULL)
);
-- Settings list of one org; the evaluator's scan of enabled rules.
CREATE INDEX alert_rules_org_idx ON alert_rules (org_id, id);
CREATE INDEX alert_rules_enabled_idx ON alert_rules (id) WHERE enabled;

-- Defaults come with an org's first connector, however it was inserted (API or an operator's SQL).
CREATE FUNCTION alert_rules_defaults() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM alert_rules WHERE org_id = NEW.org_id AND is_default) THEN
    INSERT INTO alert_rules (org_id, name, metric, threshold, window_minutes, min_reviews, enabled, is_default)
    VALUES
      (NEW.org_id, 'Failure rate at or above 50%', 'failure_rate', 0.5, 15, 5, false, true),
      (NEW.org_id, 'Streams fall back (your proxy may be buffering streams)', 'fallback_rate', 0.8, 30, 3, false, true);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ai_connectors_alert_rule_defaults
  AFTER INSERT ON ai_connectors
  FOR EACH ROW EXECUTE FUNCTION alert_rules_defaults();

CREATE TABLE alert_endpoints (
  id bigserial PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  url text NOT NULL,
  description text NOT NULL DEFAULT '',
  enabled boolean NOT NULL DEFAULT true,
  -- Sealed by the app (SecretBox). During a rotation the previous secret signs too, until it expires.
  secret text NOT NULL,
  previous_secret text,
  previous_secret_until timestamptz,
  -- Why the system switched it off (a 410 Gone from the receiver); cleared when an owner enables it.
  disabled_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_endpoints_org_idx ON alert_endpoints (org_id, id);

CREATE TABLE alerts (
  id bigserial PRIMARY KEY,
  rule_id bigint NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
  -- The rule's org (who is notified and may read it); subject_org_id is the org whose reviews fired.
  org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  subject_org_id bigint NOT NULL,
  fingerprint text NOT NULL,
  state text NOT NULL CHECK (state IN ('firing', 'resolved')),
  metric text NOT NULL,
  threshold double precision NOT NULL,
  window_minutes integer NOT NULL,
  -- {value, reviews, failed, topCategories}: the last evaluation while firing.
  observed jsonb NOT NULL,
  -- {connectorId, provider, model}
  scope jsonb NOT NULL,
  sample_review_ids bigint[] NOT NULL DEFAULT '{}',
  started_at timestamptz NOT NULL,
  -- Hysteresis: when the value first went below the threshold again; resolved one window later.
  below_since timestamptz,
  resolved_at timestamptz,
  last_evaluated_at timestamptz NOT NULL
);
-- At most one firing alert per rule × fingerprint: a second evaluator's insert conflicts, so a
-- transition is notified once even if two processes evaluated at the same moment.
CREATE UNIQUE INDEX alerts_firing_idx ON alerts (rule_id, fingerprint) WHERE state = 'firing';
-- GET /alerts?state= newest first, and the banner's "is anything firing" probe.
CREATE INDEX alerts_org_state_idx ON alerts (org_id, state, id DESC);

CREATE TABLE alert_deliveries (
  id bigserial PRIMARY KEY,
  endpoint_id bigint NOT NULL REFERENCES alert_endpoints (id) ON DELETE CASCADE,
  org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  -- webhook-id: the same on every attempt, so receivers can drop duplicates.
  message_id text NOT NULL UNIQUE,
  event_type text NOT NULL CHECK (event_type IN ('alert.firing', 'alert.resolved', 'webhook.test')),
  alert_id bigint REFERENCES alerts (id) ON DELETE SET NULL,
  payload text NOT NULL CHECK (octet_length(payload) < 20480),
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  -- A dispatcher's claim; an expired one (a crashed process) is picked up again.
  locked_until timestamptz,
  last_status integer,
  created_at timestamptz NOT NULL,
  -- Retries stop here (3 days after queueing, or after a manual redeliver).
  retry_until timestamptz NOT NULL
);
CREATE INDEX alert_deliveries_due_idx ON alert_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX alert_deliveries_endpoint_idx ON alert_deliveries (endpoint_id, id DESC);

CREATE TABLE alert_delivery_attempts (
  id bigserial PRIMARY KEY,
  delivery_id bigint NOT NULL REFERENCES alert_deliveries (id) ON DELETE CASCADE,
  attempted_at timestamptz NOT NULL,
  status_code integer,
  latency_ms integer NOT NULL,
  -- The first 2 KB of the receiver's answer, or why there was none.
  response_excerpt text,
  error text,
  next_attempt_at timestamptz
);
CREATE INDEX alert_delivery_attempts_delivery_idx ON alert_delivery_attempts (delivery_id, id);

-- One row: the evaluation schedule every process competes for. The UPDATE that moves next_due_at
-- is the claim, so exactly one process evaluates per period (PostgreSQL and PGlite alike).
CREATE TABLE alert_evaluation_schedule (
  id integer PRIMARY KEY CHECK (id = 1),
  next_due_at timestamptz NOT NULL,
  claimed_by text
);
INSERT INTO alert_evaluation_schedule (id, next_due_at) VALUES (1, '-infinity');
