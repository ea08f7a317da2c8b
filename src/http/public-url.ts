// The base URL clients reach the emulator at, written into the version documents and the identity
// catalog. Inside docker-compose that is http://vpcep:PORT rather than the address the server binds,
// so VPCEP_PUBLIC_URL can fix it; otherwise it is rebuilt from each request's scheme and Host header.
import type { FastifyRequest } from 'fastify';

/** The public base URL for a request, without a trailing slash. */
export type PublicUrl = (request: FastifyRequest) => string;

export function publicUrlFrom(configured: string | undefined): PublicUrl {
  if (configured !== undefined) return () => configured;
  return (request) => `${request.protocol}://${request.host}`;
}
