// An SDK-HMAC-SHA256 signer for the tests, written apart from src/identity/signature.ts (WHATWG URL
// parsing, encodeURIComponent) so that a mistake in one is not simply repeated in the other.
import { createHash, createHmac } from 'node:crypto';

export interface RequestToSign {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export type SignatureForm =
  /** The Huawei SDK cores: Access=AK, the secret key signs. */
  | 'access'
  /** gophertelekomcloud: Credential=AK/date///sdk_request, a key derived from the secret key signs. */
  | 'credential';

// RFC 3986 unreserved characters stay, everything else is %XX; encodeURIComponent leaves !'()* alone.
function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const hex = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** The headers to send: the given ones, X-Sdk-Date, and the Authorization header. */
export function signRequest(
  request: RequestToSign,
  accessKey: string,
  secretKey: string,
  sdkDate: string,
  form: SignatureForm = 'access',
): Record<string, string> {
  const headers: Record<string, string> = { ...request.headers, 'x-sdk-date': sdkDate };
  const url = new URL(request.url, 'http://signer.invalid');
  const path = url.pathname.split('/').map((segment) => encode(decodeURIComponent(segment))).join('/');
  const query = [...url.searchParams.entries()]
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .sort()
    .join('&');
  const names = Object.keys(headers).map((name) => name.toLowerCase()).sort();
  const lowered = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const canonical = [
    request.method,
    path.endsWith('/') ? path : `${path}/`,
    query,
    names.map((name) => `${name}:${lowered[name].trim()}`).join('\n') + '\n',
    names.join(';'),
    lowered['x-sdk-content-sha256'] ?? hex(request.body ?? ''),
  ].join('\n');
  const scope = `${sdkDate.slice(0, 8)}///sdk_request`;
  const toSign =
    form === 'access'
      ? `SDK-HMAC-SHA256\n${sdkDate}\n${hex(canonical)}`
      : `SDK-HMAC-SHA256\n${sdkDate}\n${scope}\n${hex(canonical)}`;
  const key =
    form === 'access'
      ? Buffer.from(secretKey)
      : hmac(hmac(hmac(hmac(`SDK${secretKey}`, sdkDate.slice(0, 8)), ''), ''), 'sdk_request');
  const signature = hmac(key, toSign).toString('hex');
  const who = form === 'access' ? `Access=${accessKey}` : `Credential=${accessKey}/${scope}`;
  return { ...headers, authorization: `SDK-HMAC-SHA256 ${who}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
}

/** X-Sdk-Date for a time in milliseconds. */
export function sdkDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');
}
