// Credentials for the /v1 API. Until the identity issue brings real tokens, any non-empty X-Auth-Token
// or any SDK-HMAC-SHA256 signature is accepted: the point is that a request without credentials fails
// here exactly as it would in the cloud.
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';

const SIGNATURE = /^SDK-HMAC-SHA256\s+\S/;

export async function requireCredentials(request: FastifyRequest): Promise<void> {
  const token = request.headers['x-auth-token'];
  if (typeof token === 'string' && token.trim() !== '') return;
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && SIGNATURE.test(authorization)) return;
  throw new ApiError(
    'EndPoint.0003',
    'send an X-Auth-Token header or an Authorization: SDK-HMAC-SHA256 signature',
  );
}
