// AK/SK request signing, SDK-HMAC-SHA256, as the clients compute it:
//
//   canonical request = METHOD \n canonical URI \n canonical query \n canonical headers \n
//                       signed header names joined by ";" \n hex SHA-256 of the body
//   string to sign    = SDK-HMAC-SHA256 \n X-Sdk-Date \n [scope \n] hex SHA-256 of the canonical request
//   signature         = hex HMAC-SHA256(signing key, string to sign)
//
// Two forms of the Authorization header exist. The Huawei SDK cores send
// "SDK-HMAC-SHA256 Access=AK, SignedHeaders=..., Signature=..." and sign with the secret key itself.
// gophertelekomcloud sends "Credential=AK/<yyyymmdd>/<region>/<service>/sdk_request" instead, puts
// that scope into the string to sign, and signs with a key derived from "SDK" + secret key by an
// HMAC chain over the scope's parts (region and service are empty in its requests).
//
// Canonical URI: each path segment percent-decoded, then encoded again, with a trailing slash.
// Canonical query: parameters sorted by name, then by value, each as name=value, joined by "&".
// Encoding keeps A-Z a-z 0-9 - _ . ~ and writes every other byte of the UTF-8 form as %XX.
// Canonical headers: "name:value\n" per signed header, the name in lower case, the value trimmed.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const ALGORITHM = 'SDK-HMAC-SHA256';

/** The header the body's hash may be sent in instead of being computed (e.g. UNSIGNED-PAYLOAD). */
const CONTENT_SHA256 = 'x-sdk-content-sha256';

export interface SignatureHeader {
  accessKey: string;
  /** Only in gophertelekomcloud's form: "<yyyymmdd>/<region>/<service>/sdk_request". */
  scope?: string;
  signedHeaders: string[];
  signature: string;
}

/** A request as received, which is what the signature covers. */
export interface SignedMessage {
  method: string;
  /** Path and query string exactly as they arrived. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Reads an Authorization header of either form; undefined when it is not one. */
export function parseSignatureHeader(value: string): SignatureHeader | undefined {
  const match = /^SDK-HMAC-SHA256\s+(.+)$/.exec(value.trim());
  if (!match) return undefined;
  const params = new Map<string, string>();
  for (const part of match[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const signedHeaders = params.get('SignedHeaders');
  const signature = params.get('Signature');
  const credential = parseCredential(params.get('Credential'));
  const accessKey = params.get('Access') ?? credential?.accessKey;
  if (!accessKey || !signedHeaders || !signature) return undefined;
  return {
    accessKey,
    ...(credential && { scope: credential.scope }),
    signedHeaders: signedHeaders.split(';').map((name) => name.trim().toLowerCase()),
    signature: signature.toLowerCase(),
  };
}

function parseCredential(value: string | undefined): { accessKey: string; scope: string } | undefined {
  const parts = value?.split('/');
  if (!parts || parts.length !== 5 || parts[4] !== 'sdk_request' || !/^\d{8}$/.test(parts[1])) return undefined;
  return { accessKey: parts[0], scope: parts.slice(1).join('/') };
}

/** X-Sdk-Date (YYYYMMDDTHHMMSSZ, UTC) in milliseconds since the epoch; undefined when malformed. */
export function parseSdkDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 20260231 over into March; a real date reads back the same.
  return new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '') === value ? ms : undefined;
}

export function canonicalRequest(message: SignedMessage, signedHeaders: string[]): string {
  const queryAt = message.url.indexOf('?');
  const path = queryAt < 0 ? message.url : message.url.slice(0, queryAt);
  const query = queryAt < 0 ? '' : message.url.slice(queryAt + 1);
  return [
    message.method.toUpperCase(),
    canonicalUri(path),
    canonicalQuery(query),
    canonicalHeaders(message.headers, signedHeaders),
    signedHeaders.join(';'),
    payloadHash(message),
  ].join('\n');
}

/** The signature the client must have sent, as lowercase hex. */
export function expectedSignature(
  message: SignedMessage,
  header: SignatureHeader,
  secretKey: string,
  sdkDate: string,
): string {
  const digest = sha256Hex(canonicalRequest(message, header.signedHeaders));
  const lines = header.scope === undefined ? [ALGORITHM, sdkDate, digest] : [ALGORITHM, sdkDate, header.scope, digest];
  return createHmac('sha256', signingKey(header, secretKey)).update(lines.join('\n')).digest('hex');
}

/** Compares in constant time, so the answer's timing does not reveal how much of a signature matched. */
export function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function signingKey(header: SignatureHeader, secretKey: string): Buffer {
  if (header.scope === undefined) return Buffer.from(secretKey);
  return header.scope
    .split('/')
    .reduce((key, part) => createHmac('sha256', key).update(part).digest(), Buffer.from(`SDK${secretKey}`));
}

function canonicalUri(path: string): string {
  const encoded = path.split('/').map((segment) => encode(decode(segment))).join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

function canonicalQuery(query: string): string {
  const pairs = query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const [name, value] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
      return [encode(decode(name, true)), encode(decode(value, true))];
    });
  pairs.sort(([n1, v1], [n2, v2]) => compare(n1, n2) || compare(v1, v2));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

function canonicalHeaders(headers: SignedMessage['headers'], signedHeaders: string[]): string {
  return signedHeaders.map((name) => `${name}:${headerValue(headers, name).trim()}\n`).join('');
}

function payloadHash(message: SignedMessage): string {
  const declared = headerValue(message.headers, CONTENT_SHA256);
  return declared === '' ? sha256Hex(message.body) : declared;
}

/** A header as text; '' when absent. (Only set-cookie ever comes as a list, which String joins.) */
export function headerValue(headers: SignedMessage['headers'], name: string): string {
  return String(headers[name] ?? '');
}

function decode(text: string, plusIsSpace = false): string {
  const spaced = plusIsSpace ? text.replaceAll('+', ' ') : text;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced; // not valid percent-encoding: taken as plain text
  }
}

function encode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text)) {
    out += isUnreserved(byte) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function isUnreserved(byte: number): boolean {
  const c = String.fromCharCode(byte);
  return /[A-Za-z0-9\-_.~]/.test(c);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
