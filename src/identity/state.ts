// Identity records in a state document: domains, projects, users and the tokens issued to them (by the
// SHA-256 the database keeps, never the token itself). A reset keeps them unless it is asked to remove
// identity too, so that clients stay logged in.
import { Type } from 'typebox';
import { PROJECT_ID_PATTERN, Timestamp, isoTime, parseIsoTime } from '../common/schemas.js';
import type { Db } from '../db/database.js';
import { withoutNulls } from '../db/rows.js';
import { loading, removeInScope, type Counts, type StateSection } from '../db/state.js';

const Id = (description: string) =>
  Type.String({ pattern: PROJECT_ID_PATTERN, 'x-rule': '1 to 64 letters, digits, underscores or hyphens', description });
const Name = Type.String({ minLength: 1, maxLength: 255 });

const Domain = Type.Object({ id: Id('Domain (account) id'), name: Name, created_at: Timestamp() });
const Member = (what: string) =>
  Type.Object({ id: Id(`${what} id`), name: Name, domain_id: Id('Its domain'), created_at: Timestamp() });
const Token = Type.Object({
  token_sha256: Type.String({ pattern: '^[0-9a-f]{64}$', 'x-rule': '64 lowercase hex digits' }),
  user_id: Id('The user it was issued to'),
  methods: Type.Array(Type.String()),
  project_id: Type.Optional(Id('A project-scoped token')),
  domain_id: Type.Optional(Id('A domain-scoped token')),
  issued_at: Timestamp(),
  expires_at: Timestamp(),
});

const IdentityRecords = Type.Object(
  {
    domains: Type.Array(Domain, { default: [] }),
    projects: Type.Array(Member('Project'), { default: [] }),
    users: Type.Array(Member('User'), { default: [] }),
    tokens: Type.Array(Token, { default: [] }),
  },
  { description: 'Keystone records; tokens by their SHA-256' },
);

interface NamedRow {
  id: string;
  name: string;
  domain_id?: string;
  created_at: number;
}
interface TokenRow {
  token_sha256: string;
  user_id: string;
  methods: string;
  project_id: string | null;
  domain_id: string | null;
  issued_at: number;
  expires_at: number;
}
interface IdentityDocument {
  domains: { id: string; name: string; created_at: string }[];
  projects: { id: string; name: string; domain_id: string; created_at: string }[];
  users: { id: string; name: string; domain_id: string; created_at: string }[];
  tokens: {
    token_sha256: string;
    user_id: string;
    methods: string[];
    project_id?: string;
    domain_id?: string;
    issued_at: string;
    expires_at: string;
  }[];
}

export function identityState(db: Db): StateSection {
  const select = {
    domains: db.prepare('SELECT id, name, created_at FROM identity_domains ORDER BY created_at, id'),
    projects: db.prepare('SELECT id, name, domain_id, created_at FROM identity_projects ORDER BY created_at, id'),
    users: db.prepare('SELECT id, name, domain_id, created_at FROM identity_users ORDER BY created_at, id'),
    tokens: db.prepare(`SELECT token_sha256, user_id, methods, project_id, domain_id, issued_at, expires_at
                        FROM identity_tokens ORDER BY issued_at, token_sha256`),
  };
  const insert = {
    domains: db.prepare('INSERT INTO identity_domains (id, name, created_at) VALUES (@id, @name, @created_at)'),
    projects: db.prepare(
      'INSERT INTO identity_projects (id, name, domain_id, created_at) VALUES (@id, @name, @domain_id, @created_at)',
    ),
    users: db.prepare(
      'INSERT INTO identity_users (id, name, domain_id, created_at) VALUES (@id, @name, @domain_id, @created_at)',
    ),
    tokens: db.prepare(`
      INSERT INTO identity_tokens (token_sha256, user_id, methods, project_id, domain_id, issued_at, expires_at)
      VALUES (@token_sha256, @user_id, @methods, @project_id, @domain_id, @issued_at, @expires_at)`),
  };
  // A project's reset takes its own record and the tokens scoped to it; a full one takes everything.
  const removals = {
    tokens: db.prepare('DELETE FROM identity_tokens WHERE @project IS NULL OR project_id = @project'),
    users: db.prepare('DELETE FROM identity_users WHERE @project IS NULL'),
    projects: db.prepare('DELETE FROM identity_projects WHERE @project IS NULL OR id = @project'),
    domains: db.prepare('DELETE FROM identity_domains WHERE @project IS NULL'),
  };
  const counts = Object.fromEntries(
    ['domains', 'projects', 'users', 'tokens'].map((table) => [
      table,
      db.prepare(`SELECT COUNT(*) FROM identity_${table}`).pluck(),
    ]),
  );

  const named = (rows: NamedRow[]) => rows.map((row) => ({ ...row, created_at: isoTime(row.created_at) }));

  return {
    key: 'identity',
    schema: IdentityRecords,
    export: (): IdentityDocument => ({
      domains: named(select.domains.all() as NamedRow[]) as IdentityDocument['domains'],
      projects: named(select.projects.all() as NamedRow[]) as IdentityDocument['projects'],
      users: named(select.users.all() as NamedRow[]) as IdentityDocument['users'],
      tokens: (select.tokens.all() as TokenRow[]).map(
        (row) =>
          withoutNulls({
            ...row,
            methods: JSON.parse(row.methods),
            issued_at: isoTime(row.issued_at),
            expires_at: isoTime(row.expires_at),
          }) as IdentityDocument['tokens'][number],
      ),
    }),
    import: (value) => {
      const doc = value as IdentityDocument;
      for (const table of ['domains', 'projects', 'users'] as const) {
        doc[table].forEach((record, i) =>
          loading(`identity.${table}[${i}]`, () =>
            insert[table].run({ domain_id: null, ...record, created_at: parseIsoTime(record.created_at) }),
          ),
        );
      }
      doc.tokens.forEach((token, i) =>
        loading(`identity.tokens[${i}]`, () =>
          insert.tokens.run({
            ...token,
            methods: JSON.stringify(token.methods),
            project_id: token.project_id ?? null,
            domain_id: token.domain_id ?? null,
            issued_at: parseIsoTime(token.issued_at),
            expires_at: parseIsoTime(token.expires_at),
          }),
        ),
      );
    },
    reset: (scope) => (scope.identity ? removeInScope(removals, scope) : {}),
    count: (): Counts => Object.fromEntries(Object.entries(counts).map(([name, stmt]) => [name, stmt.get() as number])),
  };
}
