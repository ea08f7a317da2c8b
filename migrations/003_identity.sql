-- Identity (the Keystone v3 subset under /v3): accounts (domains), their projects and users, and the
-- tokens issued to them. Ids are derived from names (see src/identity/store.ts), so the same names get
-- the same ids in every database; the rows make them known by id as well. Times are integer
-- milliseconds since the epoch, as in 001.

CREATE TABLE identity_domains (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);

-- A project belongs to the domain it was first named under. Projects only ever used by id have no row:
-- each of those is its own account (domain id = project id).
CREATE TABLE identity_projects (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  domain_id TEXT NOT NULL REFERENCES identity_domains (id),
  created_at INTEGER NOT NULL,
  UNIQUE (domain_id, name)
);

-- No password column: any password is accepted and none is kept.
CREATE TABLE identity_users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  domain_id TEXT NOT NULL REFERENCES identity_domains (id),
  created_at INTEGER NOT NULL,
  UNIQUE (domain_id, name)
);

-- Only the SHA-256 of a token is stored, so the database holds no usable credential. A token is scoped
-- to a project, to a domain, or to neither.
CREATE TABLE identity_tokens (
  token_sha256 TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES identity_users (id),
  methods TEXT NOT NULL,                        -- JSON array, e.g. ["password"]
  project_id TEXT,                              -- a registered project, or one known only by id
  domain_id TEXT REFERENCES identity_domains (id),
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX identity_tokens_expiry ON identity_tokens (expires_at);
