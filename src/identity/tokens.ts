// Issuing and looking up tokens. There is no user directory: any user name and password get a token,
// and the domain, user and project they name are registered on first use (one write transaction per
// token). Lookups by id are different: an id the emulator never handed out is an error, as in Keystone,
// except for projects, which may be known only by id (each is then its own account).
import { createHash } from 'node:crypto';
import type { Write } from '../db/write.js';
import type { EmulatorClock } from '../runtime/clock.js';
import type { Random } from '../runtime/random.js';
import { badRequest, KeystoneError, unauthorized } from './errors.js';
import type { AuthInput, DomainRefInput, PasswordInput, ProjectRefInput } from './schemas.js';
import type { UserDirectory } from './users.js';
import {
  projectKnownById,
  type Domain,
  type IdentityStore,
  type Project,
  type TokenRecord,
  type User,
} from './store.js';

export interface IdentityContext {
  write: Write;
  store: IdentityStore;
  clock: EmulatorClock;
  random: Random;
  /** Strict mode: the only users who get a token by password. Undefined: anyone does (lenient). */
  users: UserDirectory | undefined;
  region: string;
}

/** How long a token is valid, as in OTC. */
export const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

const METHODS = ['password', 'token'];

export interface IssuedToken {
  /** The token itself, which only the client keeps (the database has its hash). */
  id: string;
  token: TokenRecord;
}

export type TokenLookup =
  | { status: 'valid'; token: TokenRecord }
  | { status: 'expired'; token: TokenRecord }
  | { status: 'unknown' };

type Identity = AuthInput['auth']['identity'];
type Scope = Pick<TokenRecord, 'project' | 'domain'>;

export function issueToken(ctx: IdentityContext, input: AuthInput): IssuedToken {
  const now = ctx.clock.now();
  const id = ctx.random.secret(32);
  return ctx.write(() => {
    const { user, method, expiresAt } = authenticate(ctx, input.auth.identity, now);
    const scope = resolveScope(ctx, input.auth.scope, now);
    if (ctx.users) checkOwnDomain(user, scope);
    const token: TokenRecord = { user, methods: [method], ...scope, issuedAt: now, expiresAt };
    ctx.store.saveToken({
      sha256: tokenSha256(id),
      userId: user.id,
      methods: token.methods,
      projectId: scope.project?.id,
      domainId: scope.domain?.id,
      issuedAt: now,
      expiresAt,
    });
    return { id, token };
  });
}

export function lookUpToken(ctx: IdentityContext, id: string): TokenLookup {
  const token = ctx.store.findToken(tokenSha256(id));
  if (!token) return { status: 'unknown' };
  return { status: token.expiresAt > ctx.clock.now() ? 'valid' : 'expired', token };
}

function tokenSha256(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

function authenticate(
  ctx: IdentityContext,
  identity: Identity,
  now: number,
): { user: User; method: string; expiresAt: number } {
  const methods = [...new Set(identity.methods)];
  if (methods.length !== 1 || !METHODS.includes(methods[0])) {
    throw unauthorized(
      `Supported authentication methods are password and token, one at a time, not ${methods.join(' + ')}.`,
    );
  }
  if (methods[0] === 'password') {
    if (!identity.password) throw badRequest('Expecting to find password in identity.');
    const user = userByPassword(ctx, identity.password, now);
    return { user, method: 'password', expiresAt: now + TOKEN_LIFETIME_MS };
  }
  if (!identity.token) throw badRequest('Expecting to find token in identity.');
  const lookup = lookUpToken(ctx, identity.token.id);
  if (lookup.status !== 'valid') throw unauthorized('The token in identity.token.id is not valid.');
  // As in Keystone, a token obtained with a token expires no later than that token.
  return { user: lookup.token.user, method: 'token', expiresAt: lookup.token.expiresAt };
}

function userByPassword(ctx: IdentityContext, { user }: PasswordInput, now: number): User {
  if (user.password === '') throw unauthorized('The password is empty.');
  if (ctx.users) {
    const known = ctx.users.authenticate(user, user.password);
    // Keystone does not say whether the user or the password was wrong.
    if (!known) throw unauthorized('Invalid username or password.');
    return ctx.store.userNamed(ctx.store.domainNamed(known.domain, now), known.name, now);
  }
  if (user.id !== undefined) {
    const found = ctx.store.findUser(user.id);
    if (!found) throw unauthorized(`Could not find user ${user.id}.`);
    return found;
  }
  if (user.name === undefined) throw badRequest('Expecting to find id or name in password.user.');
  if (!user.domain) {
    throw badRequest('Expecting to find domain in password.user: a user name is unique only within its domain.');
  }
  return ctx.store.userNamed(resolveDomain(ctx, user.domain, now), user.name, now);
}

/** Strict mode: a user acts only in its own domain and its projects. */
function checkOwnDomain(user: User, scope: Scope): void {
  const domain = scope.project?.domain ?? scope.domain;
  if (domain === undefined || domain.id === user.domain.id) return;
  const what = scope.project ? `project ${scope.project.id} (domain ${domain.id})` : `domain ${domain.id}`;
  throw new KeystoneError(403, `User ${user.id} of domain ${user.domain.id} has no access to ${what}.`);
}

function resolveScope(ctx: IdentityContext, scope: AuthInput['auth']['scope'], now: number): Scope {
  if (scope?.project && scope.domain) throw badRequest('Specify either a project or a domain scope, not both.');
  if (scope?.project) return { project: resolveProject(ctx, scope.project, now) };
  if (scope?.domain) return { domain: resolveDomain(ctx, scope.domain, now) };
  return {};
}

function resolveProject(ctx: IdentityContext, ref: ProjectRefInput, now: number): Project {
  if (ref.id !== undefined) return ctx.store.findProject(ref.id) ?? projectKnownById(ref.id);
  if (ref.name === undefined) throw badRequest('Expecting to find id or name in scope.project.');
  if (!ref.domain) {
    throw badRequest('Expecting to find domain in scope.project: a project name is unique only within its domain.');
  }
  return ctx.store.projectNamed(resolveDomain(ctx, ref.domain, now), ref.name, now);
}

function resolveDomain(ctx: IdentityContext, ref: DomainRefInput, now: number): Domain {
  if (ref.id !== undefined) {
    const found = ctx.store.findDomain(ref.id);
    if (!found) throw unauthorized(`Could not find domain ${ref.id}; name it by name to create it.`);
    return found;
  }
  if (ref.name === undefined) throw badRequest('Expecting to find id or name in domain.');
  return ctx.store.domainNamed(ref.name, now);
}
