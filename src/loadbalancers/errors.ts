// Every error the Neutron paths (/v2.0: ELB v2 load balancers, ports, networks, subnets, load balancer tags)
// answer with, in Neutron's format: {"NeutronError":{"type":"...","message":"...","detail":""}}. The type
// decides the HTTP status; messages follow Neutron's wording ("LoadBalancer X could not be found.").
// gophertelekomcloud and Terraform read only the status (404: gone; 409: retry).
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../http/error-formats.js';
import { answerErrorsWith, answerUnknownOperations, type ErrorFormatter } from '../http/errors.js';
import type { Refusal } from '../http/auth.js';

const NEUTRON_ERROR_TABLE = {
  HTTPBadRequest: 400,
  InvalidIpForSubnet: 400,
  HTTPUnauthorized: 401,
  HTTPForbidden: 403,
  HTTPNotFound: 404,
  EntityNotFound: 404,
  PortNotFound: 404,
  SubnetNotFound: 404,
  NetworkNotFound: 404,
  HTTPMethodNotAllowed: 405,
  HTTPRequestEntityTooLarge: 413,
  HTTPRequestHeaderFieldsTooLarge: 431,
  StateInvalid: 409,
  IpAddressAlreadyAllocated: 409,
  IpAddressGenerationFailure: 409,
  HTTPInternalServerError: 500,
} as const satisfies Record<string, number>;

export type NeutronErrorType = keyof typeof NEUTRON_ERROR_TABLE;

export class NeutronError extends Error {
  readonly status: number;

  constructor(
    readonly type: NeutronErrorType,
    message: string,
  ) {
    super(message);
    this.status = NEUTRON_ERROR_TABLE[type];
  }

  toBody(): object {
    return errorBody('neutron', this.status, this.type, this.message);
  }
}

export const refuseInNeutron: Refusal = (err) =>
  new NeutronError(err.status === 403 ? 'HTTPForbidden' : 'HTTPUnauthorized', err.message);

// Neutron's types are webob's exception names: the one for each status a client error may have.
const CLIENT_ERROR_TYPES: Partial<Record<number, NeutronErrorType>> = {
  413: 'HTTPRequestEntityTooLarge',
  431: 'HTTPRequestHeaderFieldsTooLarge',
};

/** A request Neutron cannot take as sent: a body or headers too large, JSON that does not parse, a malformed URL. */
export function neutronClientError(status: number, message: string): NeutronError {
  return new NeutronError(CLIENT_ERROR_TYPES[status] ?? 'HTTPBadRequest', message);
}

const NEUTRON_FORMAT: ErrorFormatter = {
  isOwn: (err): err is NeutronError => err instanceof NeutronError,
  invalid: (detail) => new NeutronError('HTTPBadRequest', `Invalid input for operation: ${detail}.`),
  client: neutronClientError,
  internal: () => new NeutronError('HTTPInternalServerError', 'Request Failed: internal server error while processing your request.'),
};

export function answerNeutronErrors(app: FastifyInstance): void {
  answerErrorsWith(app, NEUTRON_FORMAT);
}

/** Unknown /v2.0 paths in Neutron's format: 404, or 405 with Allow for a known path and another method. */
export function answerNeutronNotFound(app: FastifyInstance): void {
  answerUnknownOperations(app, {
    notFound: (method, path) =>
      new NeutronError('HTTPNotFound', `The resource could not be found: the API has no ${method} ${path}.`),
    notAllowed: (method, path, allowed) =>
      new NeutronError('HTTPMethodNotAllowed', `${path} has no operation ${method}; it has ${allowed.join(', ')}.`),
  });
}
