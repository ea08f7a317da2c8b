// The base URL clients reach the emulator at, written into the version documents and the identity
// catalog. Inside docker-compose that is http://vpcep:PORT rather than the address the server binds,
// so VPCEP_PUBLIC_URL can fix it; otherwise it is rebuilt from each request's scheme and Host header (or, for
// a Host header that is not a valid host[:port], from the address the request came in on).
import type { FastifyRequest } from 'fastify';

/** The public base URL for a request, without a trailing slash. */
export type PublicUrl = (request: FastifyRequest) => string;

// A host name or address, with a port: anything else in a Host header is not echoed into links.
const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253})(:\d{1,5})?$/;

export function publicUrlFrom(configured: string | undefined): PublicUrl {
  if (configured !== undefined) return () => configured;
  return (request) => `${request.protocol}://${HOST.test(request.host) ? request.host : listeningAddress(request)}`;
}

/** Where this request came in: the address and port the server listens on. */
function listeningAddress(request: FastifyRequest): string {
  const { localAddress = '127.0.0.1', localPort } = request.socket;
  return `${localAddress.includes(':') ? `[${localAddress}]` : localAddress}:${localPort}`;
}
