// Who sent a request. Two credentials exist: an X-Auth-Token, and an AK/SK signature in the
// Authorization header (see signature.ts). In lenient mode any non-empty token and any well-formed
// signature pass, and a token the emulator issued is recognised as its user's. In strict mode only an
// unexpired token the emulator issued passes, or a signature that verifies with a configured secret
// key; and a credential for one project may not act on another.
import { errorCodes, type FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import {
  expectedSignature,
  headerValue,
  parseSdkDate,
  parseSignatureHeader,
  signatureMatches,
  type SignatureHeader,
} from './signature.js';
import { projectKnownById, type Domain, type TokenRecord } from './store.js';
import { lookUpToken, type IdentityContext, type TokenLookup } from './tokens.js';
import { keystoneTime } from './views.js';

export type AuthMode = 'lenient' | 'strict';

export interface AccessKey {
  accessKey: string;
  secretKey: string;
  /** The one project the key may act on; without it, every project. */
  projectId?: string;
}

export type Caller =
  /**
   * A token, looked up only once it matters who sent it (strict mode: at once; lenient mode: only for
   * the identity lookups and Neutron's paths, which need the caller's account or project).
   */
  | { kind: 'token'; id: string; lookup?: TokenLookup }
  | { kind: 'signature'; accessKey: string; boundProject: string | undefined };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the credential hooks of /v1 and of the identity API. */
    caller: Caller | null;
  }
}

/** A missing or unusable credential (401), or one for another project (403). */
export class CredentialError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

// How far X-Sdk-Date may be from the current time, as the cloud's API gateway allows. Clients date
// their signatures by their own clock, so this is compared with real time, not the emulator's clock
// (which the test-control API may have moved ahead).
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export class Authenticator {
  private readonly keys: Map<string, AccessKey>;

  constructor(
    private readonly ctx: IdentityContext,
    private readonly mode: AuthMode,
    keys: AccessKey[],
  ) {
    this.keys = new Map(keys.map((key) => [key.accessKey, key]));
  }

  /**
   * Identifies the sender and records it in request.caller. A signature is verified against the body,
   * so the body is read here, in the preParsing hook; the stream answered then replaces it. A token is
   * admitted at once, without a promise: it is what nearly every request carries.
   */
  admit(request: FastifyRequest, payload: Readable): Promise<Readable | undefined> | undefined {
    const token = headerValue(request.headers, 'x-auth-token').trim();
    if (token !== '') {
      request.caller = this.byToken(token);
      return undefined;
    }
    return this.bySignature(request, payload).then(({ caller, body }) => {
      request.caller = caller;
      return body && Readable.from(body);
    });
  }

  /** In strict mode a credential acts only on its own project; an unbound access key on any. */
  checkProject(caller: Caller, projectId: string): void {
    if (this.mode === 'lenient') return;
    if (caller.kind === 'signature') {
      if (caller.boundProject === undefined || caller.boundProject === projectId) return;
      throw new CredentialError(
        403,
        `access key ${caller.accessKey} is bound to project ${caller.boundProject}, not ${projectId}`,
      );
    }
    const scope = this.tokenOf(caller)?.project?.id;
    if (scope === projectId) return;
    throw new CredentialError(
      403,
      scope === undefined
        ? `the token is not scoped to a project; ask for a token scoped to project ${projectId}`
        : `the token is scoped to project ${scope}, not ${projectId}`,
    );
  }

  /** The account of the caller: its user's domain for a token; for a key, its project's domain or its own. */
  domainOf(caller: Caller): Domain {
    if (caller.kind === 'token') return this.knownToken(caller).user.domain;
    if (caller.boundProject !== undefined) {
      return (this.ctx.store.findProject(caller.boundProject) ?? projectKnownById(caller.boundProject)).domain;
    }
    return this.ctx.store.domainNamed(caller.accessKey, this.ctx.clock.now());
  }

  /** The project the caller works in: the token's scope; for a key, its binding or the X-Project-Id header. */
  projectOf(caller: Caller, request: FastifyRequest): string | undefined {
    if (caller.kind === 'token') return this.knownToken(caller).project?.id;
    return caller.boundProject ?? (headerValue(request.headers, 'x-project-id').trim() || undefined);
  }

  private byToken(id: string): Caller {
    const caller: Caller = { kind: 'token', id };
    if (this.mode === 'lenient') return caller;
    const lookup = this.lookUp(caller);
    if (lookup.status === 'valid') return caller;
    throw new CredentialError(
      401,
      lookup.status === 'expired'
        ? `the token expired at ${keystoneTime(lookup.token.expiresAt)}`
        : 'the token was not issued by this emulator',
    );
  }

  private lookUp(caller: Extract<Caller, { kind: 'token' }>): TokenLookup {
    caller.lookup ??= lookUpToken(this.ctx, caller.id);
    return caller.lookup;
  }

  /** The token's record while it is valid; undefined for one the emulator did not issue, or that expired. */
  private tokenOf(caller: Extract<Caller, { kind: 'token' }>): TokenRecord | undefined {
    const lookup = this.lookUp(caller);
    return lookup.status === 'valid' ? lookup.token : undefined;
  }

  /** Identity lookups need to know who the caller is, which a token the emulator never issued does not say. */
  private knownToken(caller: Extract<Caller, { kind: 'token' }>): TokenRecord {
    const token = this.tokenOf(caller);
    if (!token) throw new CredentialError(401, 'the token was not issued by this emulator');
    return token;
  }

  /** The signer; in strict mode only once the signature verified against the body, which is then returned. */
  private async bySignature(request: FastifyRequest, payload: Readable): Promise<{ caller: Caller; body?: Buffer }> {
    const signature = parseSignatureHeader(headerValue(request.headers, 'authorization'));
    if (!signature) {
      throw new CredentialError(401, 'send an X-Auth-Token header or an Authorization: SDK-HMAC-SHA256 signature');
    }
    const key = this.keys.get(signature.accessKey);
    const caller: Caller = { kind: 'signature', accessKey: signature.accessKey, boundProject: key?.projectId };
    if (this.mode === 'lenient') return { caller };
    if (!key) throw new CredentialError(401, `access key ${signature.accessKey} is not configured (VPCEP_ACCESS_KEYS)`);
    const body = await readBody(payload, request.routeOptions.bodyLimit);
    this.verify(request, signature, key.secretKey, body);
    return { caller, body };
  }

  private verify(request: FastifyRequest, signature: SignatureHeader, secretKey: string, body: Buffer): void {
    const sdkDate = this.signingDate(request, signature);
    if (!signature.signedHeaders.includes('x-sdk-date')) {
      throw new CredentialError(401, 'SignedHeaders must include x-sdk-date');
    }
    const missing = signature.signedHeaders.find((name) => request.headers[name] === undefined);
    if (missing) throw new CredentialError(401, `the signed header ${missing} is not in the request`);
    const message = { method: request.method, url: request.url, headers: request.headers, body };
    if (!signatureMatches(expectedSignature(message, signature, secretKey, sdkDate), signature.signature)) {
      throw new CredentialError(401, `the signature does not match the request (access key ${signature.accessKey})`);
    }
  }

  /** X-Sdk-Date, once it is known to be well-formed, recent, and the date of a Credential scope. */
  private signingDate(request: FastifyRequest, signature: SignatureHeader): string {
    const sdkDate = headerValue(request.headers, 'x-sdk-date');
    const signedAt = parseSdkDate(sdkDate);
    if (signedAt === undefined) throw new CredentialError(401, 'X-Sdk-Date must be a UTC time as YYYYMMDDTHHMMSSZ');
    if (Math.abs(this.ctx.clock.base.now() - signedAt) > MAX_CLOCK_SKEW_MS) {
      throw new CredentialError(401, `X-Sdk-Date ${sdkDate} is more than 15 minutes away from the current time`);
    }
    if (signature.scope !== undefined && !signature.scope.startsWith(sdkDate.slice(0, 8))) {
      throw new CredentialError(401, 'the date of the Credential scope is not the date of X-Sdk-Date');
    }
    return sdkDate;
  }
}

async function readBody(payload: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
