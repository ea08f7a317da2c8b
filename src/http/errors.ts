// The answers for everything that goes wrong: one error handler and one not-found handler, both in the
// API's error format. Unexpected failures are logged with their stack; the client sees only the code.
import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';
import { pathOf } from './request-path.js';
import { describeValidationFailure, toValidationError } from './validation.js';

export function toApiError(err: FastifyError | ApiError): ApiError {
  if (err instanceof ApiError) return err;
  if (err.validation?.length) return toValidationError(err.validation[0], err.validationContext);
  const status = err.statusCode ?? 500;
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new ApiError('EndPoint.0002', 'the request body is larger than VPCEP_BODY_LIMIT allows', { status: 413 });
  }
  // Fastify's own client errors: unsupported media type and the like.
  if (status >= 400 && status < 500) return new ApiError('EndPoint.0002', err.message);
  return new ApiError('EndPoint.0001');
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError, request, reply) => {
    const apiError = toApiError(err);
    if (apiError.status >= 500) request.log.error({ err }, 'request failed unexpectedly');
    return reply.code(apiError.status).send(apiError.toBody());
  });

  answerUnknownOperations(app, {
    notFound: (method, path) =>
      new ApiError('EndPoint.0005', undefined, { message: `No such operation: the API has no ${method} ${path}` }),
    notAllowed: (method, path, allowed) =>
      new ApiError('EndPoint.1004', undefined, {
        status: 405,
        message: `Method not allowed: ${path} has no operation ${method}; it has ${allowed.join(', ')}`,
      }),
  });
}

/** How an API words a request for an operation it does not have. */
export interface UnknownOperationAnswers {
  /** No operation at the path, whatever the method. */
  notFound(method: string, path: string): ErrorAnswer;
  /** Operations at the path, but none with this method; `allowed` are the methods it has. */
  notAllowed(method: string, path: string, allowed: string[]): ErrorAnswer;
}

/**
 * The not-found handler of an API (of `app`, the API's plugin or the root): a path it has with a method it
 * does not is a 405 with Allow naming the methods it has (VPCEP's status table, §7), any other path a 404.
 */
export function answerUnknownOperations(app: FastifyInstance, answers: UnknownOperationAnswers): void {
  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    const allowed = allowedMethods(app, path);
    if (allowed.length > 0) reply.header('allow', allowed.join(', '));
    const error =
      allowed.length > 0 ? answers.notAllowed(request.method, path, allowed) : answers.notFound(request.method, path);
    return reply.code(error.status).send(error.toBody());
  });
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/** The methods the emulator has a route for at this path; none: the path is unknown. */
function allowedMethods(app: FastifyInstance, path: string): string[] {
  return METHODS.filter((method) => app.findRoute({ method, url: path }) !== null);
}

/** An error an API answers with: its HTTP status and its body in the API's format. */
export interface ErrorAnswer {
  status: number;
  toBody(): object;
}

/** How one API turns what went wrong into its own errors. */
export interface ErrorFormatter {
  /** Whether the error is one of the API's own, thrown by its operations with status and body. */
  isOwn(err: unknown): err is ErrorAnswer;
  /** A request that failed its schema: the first failed check, in words. */
  invalid(detail: string): ErrorAnswer;
  /** Fastify's own client errors: JSON that does not parse, an unsupported media type, a body too large (413). */
  client(status: number, message: string): ErrorAnswer;
  internal(): ErrorAnswer;
}

/**
 * A plugin's errors in its API's format (the VPC API, Neutron): the API's own errors as thrown, the rest
 * converted. Only unexpected failures are logged with their stack; an API's documented 500 is not one.
 */
export function answerErrorsWith(app: FastifyInstance, format: ErrorFormatter): void {
  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    const answer = format.isOwn(err) ? err : convert(err as FastifyError, format);
    if (!format.isOwn(err) && answer.status >= 500) request.log.error({ err }, 'request failed unexpectedly');
    return reply.code(answer.status).send(answer.toBody());
  });
}

function convert(err: FastifyError | ApiError, format: ErrorFormatter): ErrorAnswer {
  if ('validation' in err && err.validation?.length) {
    return format.invalid(describeValidationFailure(err.validation[0], err.validationContext));
  }
  // The same classification as VPCEP's (JSON that does not parse, a body over VPCEP_BODY_LIMIT: 413, ...).
  const classified = toApiError(err);
  return classified.status >= 500 ? format.internal() : format.client(classified.status, classified.message);
}
