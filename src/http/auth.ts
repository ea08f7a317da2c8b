// Credentials for the cloud APIs: who the caller is (see identity/credentials.ts for what lenient and
// strict mode accept), and which project the request acts on. Under /v1 and the tag paths of /v2.0 the
// project is in the path, and in strict mode the credential must be for it; Neutron's /v2.0 paths have
// none, so there the project is the credential's own. Each API refuses in its own format: VPCEP with 401
// EndPoint.0003, or 403 EndPoint.0004 for another project; the others through `refuse`.
import type { FastifyRequest, preParsingHookHandler } from 'fastify';
import type { Readable } from 'node:stream';
import { ApiError } from '../errors.js';
import { CredentialError, type Authenticator } from '../identity/credentials.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The project the request acts on, once its credential was admitted. */
    project: string | null;
  }
}

/** How an API answers a missing or unusable credential (401) or one for another project (403). */
export type Refusal = (err: CredentialError) => Error;

const refuseInVpcep: Refusal = (err) => new ApiError(err.status === 403 ? 'EndPoint.0004' : 'EndPoint.0003', err.message);

/** Admits the caller for the project in the path. */
export function requireCredentials(authenticator: Authenticator, refuse: Refusal = refuseInVpcep): preParsingHookHandler {
  return admitting(authenticator, refuse, (request) => {
    const projectId = (request.params as { project_id: string }).project_id;
    authenticator.checkProject(request.caller!, projectId);
    return projectId;
  });
}

/** Admits the caller for the project its credential is for: a token's scope, a key's project or X-Project-Id. */
export function requireProjectCredentials(authenticator: Authenticator, refuse: Refusal): preParsingHookHandler {
  return admitting(authenticator, refuse, (request) => {
    const projectId = authenticator.projectOf(request.caller!, request);
    if (projectId !== undefined) return projectId;
    throw new CredentialError(
      401,
      'the credential is for no project: use a token scoped to a project, or an access key with X-Project-Id',
    );
  });
}

function admitting(
  authenticator: Authenticator,
  refuse: Refusal,
  projectFor: (request: FastifyRequest) => string,
): preParsingHookHandler {
  const refusal = (err: unknown) => (err instanceof CredentialError ? refuse(err) : err);
  // preParsing rather than onRequest: a signature covers the body, which is only readable from here. A
  // callback hook, so that a token (nearly every request) is admitted without a promise and a microtask.
  return (request, _reply, payload, done) => {
    const admitFor = (body: Readable | undefined) => {
      try {
        request.project = projectFor(request);
      } catch (err) {
        return done(refusal(err) as Error);
      }
      done(null, body ?? payload);
    };
    let signed;
    try {
      signed = authenticator.admit(request, payload);
    } catch (err) {
      return done(refusal(err) as Error);
    }
    if (signed === undefined) return admitFor(undefined);
    signed.then(admitFor, (err: unknown) => done(refusal(err) as Error));
  };
}
