// Errors of the identity API, in Keystone's format: {"error":{"code":401,"title":"Unauthorized",
// "message":"..."}}. keystoneauth and gophertelekomcloud read this shape; /v1 keeps the VPCEP format.

import { STATUS_CODES } from 'node:http';

export interface KeystoneErrorBody {
  error: { code: number; title: string; message: string };
}

export class KeystoneError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }

  toBody(): KeystoneErrorBody {
    return { error: { code: this.status, title: STATUS_CODES[this.status] ?? 'Error', message: this.message } };
  }
}

/** Keystone's answer to a missing or unusable credential, with what was wrong with it. */
export function unauthorized(detail: string): KeystoneError {
  return new KeystoneError(401, `The request you have made requires authentication. (${detail})`);
}

/** Keystone's answer to a malformed request (its message says what was expected where). */
export function badRequest(detail: string): KeystoneError {
  return new KeystoneError(400, detail);
}
