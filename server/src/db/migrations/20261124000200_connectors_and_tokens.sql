-- AI connectors and git integration tokens, per org. Secrets are stored encrypted by the app
-- ("enc:v1:…"); a plain value inserted by an operator is still read as-is.
CREATE TABLE ai_connectors (
  id bigserial PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  provider_name text NOT NULL,
  connector_name text NOT NULL,
  base_url text,
  api_key text,
  selected_model text,
  streaming boolean NOT NULL DEFAULT true,
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Serves "connector_name" filter resolution and the settings page.
CREATE INDEX ai_connectors_org_name_idx ON ai_connectors (org_id, connector_name);

CREATE TABLE integration_tokens (
  id bigserial PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  provider text NOT NULL,
  provider_url text,
  connection_name text,
  token text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX integration_tokens_org_idx ON integration_tokens (org_id, provider);
