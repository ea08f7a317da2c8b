// Request validation from the route schemas, and the translation of a failed check into the API's error.
//
// Bodies are checked as sent: a string is never coerced into a number or a boolean, as the real API
// rejects "80" for a port. Query strings and path parameters are text by nature, so they are coerced.
// A schema may carry two annotations that shape the answer:
//   x-error-code  the code for this field: one code for every check but a missing field, or codes keyed
//                 by the failed keyword ('required' included, '*' for the rest)
//   x-rule        the rule in words, used instead of a raw pattern in the message
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler, preValidationHookHandler } from 'fastify';
import { ApiError, isErrorCode, type ErrorCode } from '../errors.js';

type SchemaNode = Record<string, unknown>;

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: false, verbose: true, useDefaults: true, ...options });
  ajv.addKeyword({ keyword: 'x-error-code', schemaType: ['string', 'object'] });
  ajv.addKeyword({ keyword: 'x-rule', schemaType: 'string' });
  return ajv;
}

const bodyAjv = makeAjv({ coerceTypes: false });
const textAjv = makeAjv({ coerceTypes: true });

/**
 * Each route's check is compiled when the route is first called, not when the server starts: compiling
 * every schema up front took most of a second, and a start-up should take less than that.
 */
export const validatorCompiler: FastifySchemaCompiler<SchemaNode> = ({ schema, httpPart }) =>
  compiledOnFirstUse(() => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema));

function compiledOnFirstUse(compile: () => ValidateFunction): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    compiled ??= compile();
    const valid = compiled(data);
    // Fastify reads the failures from the function it was given.
    validate.errors = compiled.errors;
    return valid;
  }) as ValidateFunction;
  return validate;
}

const DECIMAL = /^-?[0-9]+$/;

/**
 * Query numbers are decimal integers. Ajv's coercion would read `0x10`, `1e3` and `Infinity` as
 * numbers, so every route whose query has integer parameters first checks their raw text, answering
 * a malformed one with the parameter's own code. Negative numbers pass on to the range check.
 */
export function installDecimalQueryCheck(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const properties = ((route.schema?.querystring ?? {}) as SchemaNode).properties as
      | Record<string, SchemaNode>
      | undefined;
    const integers = Object.entries(properties ?? {}).filter(([, schema]) => schema.type === 'integer');
    if (integers.length === 0) return;
    const check: preValidationHookHandler = async (request: FastifyRequest) => {
      const query = request.query as Record<string, unknown>;
      for (const [name, schema] of integers) {
        const raw = query[name];
        if (typeof raw === 'string' && !DECIMAL.test(raw)) {
          throw new ApiError(codeFor(schema, 'type'), `${name} must be a decimal integer, not "${raw}"`);
        }
      }
    };
    route.preValidation = [check, ...[route.preValidation ?? []].flat()];
  });
}

/**
 * A check of a JSON document outside a request (a seed file) with the same rules as a request body:
 * answers the first failure in words, or undefined when the document is valid (defaults filled in).
 */
export function compileDocumentCheck(schema: object): (document: unknown) => string | undefined {
  const validate = bodyAjv.compile(schema);
  return (document) =>
    validate(document) ? undefined : describeValidationFailure(validate.errors![0], 'the document');
}

/** Turns the first failed check into the error the API answers with. */
export function toValidationError(error: ErrorObject, part: string | undefined): ApiError {
  const { schema } = locate(error, part);
  return new ApiError(codeFor(schema, error.keyword), describeValidationFailure(error, part));
}

/** The failed check in words, e.g. "auth.identity.methods is required"; the identity API uses it alone. */
export function describeValidationFailure(error: ErrorObject, part: string | undefined): string {
  const { field, schema } = locate(error, part);
  return `${field} ${describe(error, schema)}`;
}

function locate(error: ErrorObject, part: string | undefined): { field: string; schema: SchemaNode } {
  const path = pathToField(error.instancePath);
  if (error.keyword === 'required') {
    const missing = String(error.params.missingProperty);
    const properties = (error.parentSchema?.properties ?? {}) as Record<string, SchemaNode>;
    return { field: path ? `${path}.${missing}` : missing, schema: properties[missing] ?? {} };
  }
  const whole = part === 'body' ? 'the request body' : (part ?? 'the request');
  return { field: path || whole, schema: (error.parentSchema ?? {}) as SchemaNode };
}

/** `/ports/0/client_port` → `ports[0].client_port` */
function pathToField(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`))
    .join('')
    .replace(/^\./, '');
}

function codeFor(schema: SchemaNode, keyword: string): ErrorCode {
  const annotation = schema['x-error-code'];
  const code =
    typeof annotation === 'object' && annotation !== null
      ? ((annotation as Record<string, string>)[keyword] ?? (annotation as Record<string, string>)['*'])
      : keyword === 'required'
        ? undefined
        : annotation;
  return isErrorCode(code) ? code : 'EndPoint.0002';
}

function describe(error: ErrorObject, schema: SchemaNode): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'type':
      if (error.data === undefined || (error.data === null && error.instancePath === '')) return 'is required';
      return `must be ${withArticle(String(p.type))}, not ${withArticle(jsonType(error.data))}`;
    case 'minimum':
      return `must be at least ${p.limit}`;
    case 'maximum':
      return `must be at most ${p.limit}`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters long`;
    case 'maxLength':
      return `must be at most ${p.limit} characters long`;
    case 'minItems':
      return `must have at least ${p.limit} item${p.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `must have at most ${p.limit} items`;
    case 'pattern':
      return typeof schema['x-rule'] === 'string'
        ? `must be ${schema['x-rule']}`
        : `must match the pattern ${p.pattern}`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    default:
      return error.message ?? 'is invalid';
  }
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function withArticle(type: string): string {
  if (type === 'null') return 'null';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
