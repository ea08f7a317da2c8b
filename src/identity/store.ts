// Domains, projects, users and tokens in SQLite (migrations/003), one prepared statement per query.
// Ids are 32 hex characters derived from names: a domain from its name, a project or user from its
// domain and name. The same names thus get the same ids after a restart, even in a fresh database.
import { stableHexId } from '../common/stable-id.js';
import type { Db } from '../db/database.js';
import { ViewCache } from '../db/view-cache.js';

export interface Domain {
  id: string;
  name: string;
}

export interface Project {
  id: string;
  name: string;
  domain: Domain;
}

export interface User {
  id: string;
  name: string;
  domain: Domain;
}

export interface TokenRecord {
  user: User;
  methods: string[];
  /** Set for a project-scoped token. */
  project?: Project;
  /** Set for a domain-scoped token. */
  domain?: Domain;
  issuedAt: number;
  expiresAt: number;
}

export interface NewToken {
  sha256: string;
  userId: string;
  methods: string[];
  projectId?: string;
  domainId?: string;
  issuedAt: number;
  expiresAt: number;
}

interface MemberRow {
  id: string;
  name: string;
  domain_id: string;
  domain_name: string;
}

interface TokenRow {
  user_id: string;
  methods: string;
  project_id: string | null;
  domain_id: string | null;
  issued_at: number;
  expires_at: number;
}

function toMember(row: MemberRow): Project & User {
  return { id: row.id, name: row.name, domain: { id: row.domain_id, name: row.domain_name } };
}

/** The id of the domain of this name: the same in every database. */
export function domainIdFor(name: string): string {
  return stableHexId('domain', name);
}

/** The id of the user or project of this name in the domain: the same in every database. */
export function memberIdFor(kind: 'user' | 'project', domainId: string, name: string): string {
  return stableHexId(kind, domainId, name);
}

/** A project that was never named: by the emulator's rule it is an account of its own. */
export function projectKnownById(id: string): Project {
  return { id, name: id, domain: { id, name: id } };
}

// Projects and users are read together with the name of their domain.
const MEMBER_COLUMNS = 'm.id, m.name, d.id AS domain_id, d.name AS domain_name';

export class IdentityStore {
  private readonly insertDomain;
  private readonly selectDomainById;
  private readonly selectDomainByName;
  private readonly insertProject;
  private readonly selectProject;
  private readonly selectProjectsOfDomain;
  private readonly insertUser;
  private readonly selectUser;
  private readonly insertToken;
  private readonly selectToken;
  private readonly deleteExpiredTokens;
  // Strict mode looks up the token of every request; a token's record changes only with the rows below.
  private readonly tokens: ViewCache<TokenRecord>;

  constructor(db: Db) {
    this.tokens = new ViewCache(db, [
      { table: 'identity_tokens', viewId: '$row.token_sha256', own: true },
      { table: 'identity_users', viewId: '$row.id', all: true },
      { table: 'identity_projects', viewId: '$row.id', all: true },
      { table: 'identity_domains', viewId: '$row.id', all: true },
    ]);
    this.insertDomain = db.prepare(
      'INSERT OR IGNORE INTO identity_domains (id, name, created_at) VALUES (?, ?, ?)',
    );
    this.selectDomainById = db.prepare('SELECT id, name FROM identity_domains WHERE id = ?');
    this.selectDomainByName = db.prepare('SELECT id, name FROM identity_domains WHERE name = ?');
    this.insertProject = db.prepare(
      'INSERT OR IGNORE INTO identity_projects (id, name, domain_id, created_at) VALUES (?, ?, ?, ?)',
    );
    this.selectProject = db.prepare(`
      SELECT ${MEMBER_COLUMNS} FROM identity_projects m JOIN identity_domains d ON d.id = m.domain_id
      WHERE m.id = ?`);
    this.selectProjectsOfDomain = db.prepare(`
      SELECT ${MEMBER_COLUMNS} FROM identity_projects m JOIN identity_domains d ON d.id = m.domain_id
      WHERE m.domain_id = @domain_id AND (@name IS NULL OR m.name = @name)
      ORDER BY m.name`);
    this.insertUser = db.prepare(
      'INSERT OR IGNORE INTO identity_users (id, name, domain_id, created_at) VALUES (?, ?, ?, ?)',
    );
    this.selectUser = db.prepare(`
      SELECT ${MEMBER_COLUMNS} FROM identity_users m JOIN identity_domains d ON d.id = m.domain_id
      WHERE m.id = ?`);
    this.insertToken = db.prepare(`
      INSERT INTO identity_tokens (token_sha256, user_id, methods, project_id, domain_id, issued_at, expires_at)
      VALUES (@sha256, @userId, @methods, @projectId, @domainId, @issuedAt, @expiresAt)`);
    this.selectToken = db.prepare(`
      SELECT user_id, methods, project_id, domain_id, issued_at, expires_at
      FROM identity_tokens WHERE token_sha256 = ?`);
    this.deleteExpiredTokens = db.prepare('DELETE FROM identity_tokens WHERE expires_at <= ?');
  }

  /** The domain of this name, registered on first use. */
  domainNamed(name: string, now: number): Domain {
    const existing = this.selectDomainByName.get(name) as Domain | undefined;
    if (existing) return existing;
    const domain = { id: domainIdFor(name), name };
    this.insertDomain.run(domain.id, domain.name, now);
    return domain;
  }

  findDomain(id: string): Domain | undefined {
    return this.selectDomainById.get(id) as Domain | undefined;
  }

  /** The project of this name in the domain, registered on first use. */
  projectNamed(domain: Domain, name: string, now: number): Project {
    const id = memberIdFor('project', domain.id, name);
    this.insertProject.run(id, name, domain.id, now);
    return this.findProject(id)!;
  }

  /** A registered project; undefined for one that was only ever used by id. */
  findProject(id: string): Project | undefined {
    const row = this.selectProject.get(id) as MemberRow | undefined;
    return row && toMember(row);
  }

  projectsOf(domainId: string, name?: string): Project[] {
    const rows = this.selectProjectsOfDomain.all({ domain_id: domainId, name: name ?? null }) as MemberRow[];
    return rows.map(toMember);
  }

  /** The user of this name in the domain, registered on first use. */
  userNamed(domain: Domain, name: string, now: number): User {
    const id = memberIdFor('user', domain.id, name);
    this.insertUser.run(id, name, domain.id, now);
    return this.findUser(id)!;
  }

  findUser(id: string): User | undefined {
    const row = this.selectUser.get(id) as MemberRow | undefined;
    return row && toMember(row);
  }

  /** Records a new token and forgets the ones that have expired. */
  saveToken(token: NewToken): void {
    this.deleteExpiredTokens.run(token.issuedAt);
    this.insertToken.run({
      ...token,
      methods: JSON.stringify(token.methods),
      projectId: token.projectId ?? null,
      domainId: token.domainId ?? null,
    });
  }

  /** The token with this SHA-256, expired or not (whether it still is valid is the caller's question). */
  findToken(sha256: string): TokenRecord | undefined {
    return this.tokens.get(sha256, this.readToken);
  }

  private readonly readToken = (sha256: string): TokenRecord | undefined => {
    const row = this.selectToken.get(sha256) as TokenRow | undefined;
    if (!row) return undefined;
    const projectId = row.project_id;
    return {
      user: this.findUser(row.user_id)!,
      methods: JSON.parse(row.methods),
      project: projectId === null ? undefined : (this.findProject(projectId) ?? projectKnownById(projectId)),
      domain: row.domain_id === null ? undefined : this.findDomain(row.domain_id),
      issuedAt: row.issued_at,
      expiresAt: row.expires_at,
    };
  };
}
