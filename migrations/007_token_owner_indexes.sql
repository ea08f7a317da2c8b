-- A token refers to its user and domain. Registering a user or a domain (INSERT OR IGNORE on first use of a
-- name) makes SQLite's foreign key check look for tokens that refer to that key, which without these indexes
-- read every token; test/db/query-plans.test.ts found it.
CREATE INDEX identity_tokens_by_user ON identity_tokens (user_id);
CREATE INDEX identity_tokens_by_domain ON identity_tokens (domain_id);
