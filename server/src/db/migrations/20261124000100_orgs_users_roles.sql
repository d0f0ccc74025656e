-- Who may see what: orgs, users, the three roles and memberships (the host product's tables and names).
CREATE TABLE orgs (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  default_org_id bigint REFERENCES orgs (id) ON DELETE SET NULL,
  name text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE roles (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE
);
INSERT INTO roles (name) VALUES ('super_admin'), ('owner'), ('member');

-- A user may hold a role in several orgs; the permission check reads these rows on every request.
CREATE TABLE user_roles (
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role_id integer NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, role_id, org_id)
);
