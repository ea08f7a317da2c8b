// Requests Node's HTTP parser refuses before Fastify sees them (bytes that are not allowed in a URL or a
// header, malformed chunked bodies, Content-Length together with Transfer-Encoding, headers too large): they
// get an answer in the API's error format too (Keystone's under /v3) instead of Fastify's own body, and
// the connection is closed, since what follows on it cannot be trusted.
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { ApiError } from '../errors.js';
import { KeystoneError } from '../identity/errors.js';

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
  const identity = /^[A-Z]+ \/v3[/? ]/.test(raw);
  const body = JSON.stringify(
    identity ? new KeystoneError(status, detail).toBody() : new ApiError('EndPoint.0002', detail, { status }).toBody(),
  );
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
