// Identity requests for the tests in this folder: token requests in the shapes the clients send.
import type { FastifyInstance, InjectOptions } from 'fastify';

export interface DomainRef {
  id?: string;
  name?: string;
}

/** Strict mode's users (VPCEP_USERS) for the accounts the tests sign in as: user = domain, password of passwordBody. */
export function usersOf(...domains: string[]) {
  return domains.map((domain) => ({ name: domain, password: 'secret-password', domain }));
}

/** A password request body: user `user` of `domain`, with the given scope (none by default). */
export function passwordBody(user: string, domain: DomainRef, scope?: unknown, password = 'secret-password') {
  return {
    auth: {
      identity: { methods: ['password'], password: { user: { name: user, password, domain } } },
      ...(scope === undefined ? {} : { scope }),
    },
  };
}

/** The scope of project `project` in domain `domain` (by name), as keystoneauth sends it. */
export function projectScope(project: string, domain: DomainRef) {
  return { project: { name: project, domain } };
}

export async function requestToken(app: FastifyInstance, body: unknown, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'POST', url: '/v3/auth/tokens', payload: body as InjectOptions['payload'], headers });
  return { status: res.statusCode, id: res.headers['x-subject-token'] as string | undefined, body: res.json(), headers: res.headers };
}

/** A project-scoped token for user `domain` in `domain`, as the compatibility clients get it. */
export async function projectToken(app: FastifyInstance, domain: string, project: string) {
  const res = await requestToken(app, passwordBody(domain, { name: domain }, projectScope(project, { name: domain })));
  if (res.status !== 201 || !res.id) throw new Error(`token request failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.id, token: res.body.token };
}

/** GET (or another method) on an identity path with the given headers; answers status and JSON body. */
export async function identityCall(app: FastifyInstance, url: string, headers: Record<string, string>) {
  const res = await app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}
