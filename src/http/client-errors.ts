// Requests that cannot be read as one, answered in the error format of the API their path belongs to
// (errorFormatOf), each with that API's own error: Fastify's framework errors before a route is found (a
// malformed percent-encoding in the path), and what Node's HTTP parser refuses before Fastify sees it (bytes
// that are not allowed in a URL or a header, malformed chunked bodies, Content-Length together with
// Transfer-Encoding, headers too large); after those the connection is closed, since what follows on it
// cannot be trusted.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { ApiError } from '../errors.js';
import { KeystoneError } from '../identity/errors.js';
import { neutronClientError } from '../loadbalancers/errors.js';
import { VpcError } from '../vpcs/errors.js';
import { errorFormatOf, type ErrorFormat } from './error-formats.js';

/** What Node passes for a parser error: the bytes it had read so far come as rawPacket. */
type ParserError = Error & { code?: string; rawPacket?: unknown };

const WHAT: Record<string, string> = {
  HPE_INVALID_URL: 'the URL has a character that is not allowed',
  HPE_INVALID_HEADER_TOKEN: 'a header has a character that is not allowed',
  HPE_INVALID_CHUNK_SIZE: 'the chunked body is malformed',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'Content-Length and Transfer-Encoding must not both be sent',
  HPE_INVALID_TRANSFER_ENCODING: 'Transfer-Encoding is malformed, or sent together with Content-Length',
  HPE_HEADER_OVERFLOW: 'the headers are too large',
  HPE_INVALID_METHOD: 'the method is not a valid HTTP method',
  ERR_HTTP_REQUEST_TIMEOUT: 'the request did not arrive in time',
};

const STATUS: Record<string, number> = { HPE_HEADER_OVERFLOW: 431, ERR_HTTP_REQUEST_TIMEOUT: 408 };

export function answerClientError(err: ParserError, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = STATUS[err.code ?? ''] ?? 400;
  const detail = `the request is not valid HTTP: ${WHAT[err.code ?? ''] ?? `the parser says ${err.code ?? err.message}`}`;
  const raw = Buffer.isBuffer(err.rawPacket) ? err.rawPacket.toString('latin1') : '';
  // The path of the request line says whose format the answer is in. rawPacket is only the last read: a request
  // that did not arrive in time comes without it, and headers that overflow over several reads may have lost
  // their request line; those are answered in VPCEP's.
  const path = /^[A-Z]+ (\S+)/.exec(raw)?.[1] ?? '';
  const body = JSON.stringify(unreadable(path, status, detail));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Fastify's framework errors (its frameworkErrors option), such as a malformed percent-encoding in the path: a 400. */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.code(400).send(unreadable(request.url, 400, `the request URL is malformed (${error.message})`));
}

/** Each API's error for a request it cannot read, with the status of what went wrong. */
const UNREADABLE: Record<ErrorFormat, (status: number, detail: string) => { toBody(): object }> = {
  vpcep: (status, detail) => new ApiError('EndPoint.0002', detail, { status }),
  keystone: (status, detail) => new KeystoneError(status, detail),
  vpc: (status, detail) => new VpcError('VPC.0101', detail, status),
  neutron: neutronClientError,
};

function unreadable(path: string, status: number, detail: string): object {
  return UNREADABLE[errorFormatOf(path)](status, detail).toBody();
}
