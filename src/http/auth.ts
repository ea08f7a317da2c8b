// Credentials for the /v1 API: who the caller is (see identity/credentials.ts for what lenient and
// strict mode accept), and in strict mode whether that credential may act on the project in the path.
// Failures answer in the API's own format: 401 EndPoint.0003, or 403 EndPoint.0004 for another project.
import type { preParsingAsyncHookHandler } from 'fastify';
import { ApiError } from '../errors.js';
import { CredentialError, type Authenticator } from '../identity/credentials.js';

export function requireCredentials(authenticator: Authenticator): preParsingAsyncHookHandler {
  // preParsing rather than onRequest: a signature covers the body, which is only readable from here.
  return async (request, _reply, payload) => {
    try {
      const replaced = await authenticator.admit(request, payload);
      authenticator.checkProject(request.caller!, (request.params as { project_id: string }).project_id);
      return replaced;
    } catch (err) {
      if (err instanceof CredentialError) {
        throw new ApiError(err.status === 403 ? 'EndPoint.0004' : 'EndPoint.0003', err.message);
      }
      throw err;
    }
  };
}
