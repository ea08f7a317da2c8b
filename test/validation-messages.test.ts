// The words and codes of a failed check (src/http/validation.ts), rule by rule, on small schemas of their
// own: the route tests meet only the rules their schemas use, and a message that loses a word, a field
// path that loses its index, or a code read from the wrong key must still fail a test.
import t from 'tap';
import Fastify from 'fastify';
import type { ErrorObject } from 'ajv';
import { installErrorHandlers } from '../src/http/errors.js';
import { compileDocumentCheck, installDecimalQueryCheck, toValidationError, validatorCompiler } from '../src/http/validation.js';

/** The first failure of `value` against `schema` as a request body, as the API words it. */
function bodyFailure(schema: object, value: unknown): ErrorObject {
  const validate = validatorCompiler({ schema: schema as Record<string, unknown>, httpPart: 'body', method: 'POST', url: '/' }) as ((data: unknown) => boolean) & {
    errors?: ErrorObject[] | null;
  };
  if (validate(value)) throw new Error(`${JSON.stringify(value)} passes`);
  return validate.errors![0];
}

const messageOf = (schema: object, value: unknown) => toValidationError(bodyFailure(schema, value), 'body').message;

const inObject = (field: object) => ({ type: 'object', properties: { field } });

t.test('each rule in words, naming the field', async (t) => {
  const cases: Array<[string, object, unknown, string]> = [
    ['minLength 1', { minLength: 1, type: 'string' }, '', 'field must not be empty'],
    ['minLength 3', { minLength: 3, type: 'string' }, 'ab', 'field must be at least 3 characters long'],
    ['maxLength', { maxLength: 2, type: 'string' }, 'abc', 'field must be at most 2 characters long'],
    ['minItems 1', { minItems: 1, type: 'array' }, [], 'field must have at least 1 item'],
    ['minItems 2', { minItems: 2, type: 'array' }, [1], 'field must have at least 2 items'],
    ['maxItems', { maxItems: 1, type: 'array' }, [1, 2], 'field must have at most 1 items'],
    ['minimum', { minimum: 1, type: 'integer' }, 0, 'field must be at least 1'],
    ['maximum', { maximum: 9, type: 'integer' }, 10, 'field must be at most 9'],
    ['pattern in words', { pattern: '^a+$', 'x-rule': 'made of a letters', type: 'string' }, 'b', 'field must be made of a letters'],
    ['a raw pattern', { pattern: '^a+$', type: 'string' }, 'b', 'field must match the pattern ^a+$'],
    ['enum', { enum: ['TCP', 'UDP'] }, 'SCTP', 'field must be one of TCP, UDP'],
    ['const', { const: 'ipv4' }, 'ipv6', 'field must be "ipv4"'],
    ['any other rule in Ajv\'s words', { type: 'array', uniqueItems: true }, [1, 1], 'field must NOT have duplicate items (items ## 0 and 1 are identical)'],
    ['an integer, given text', { type: 'integer' }, '80', 'field must be an integer, not a string'],
    ['an integer, given a fraction', { type: 'integer' }, 1.5, 'field must be an integer, not a number'],
    ['a string, given an integer', { type: 'string' }, 80, 'field must be a string, not an integer'],
    ['a string, given null', { type: 'string' }, null, 'field must be a string, not null'],
    ['a string, given an array', { type: 'string' }, [], 'field must be a string, not an array'],
    ['an array, given an object', { type: 'array' }, {}, 'field must be an array, not an object'],
    ['a string, given a boolean', { type: 'string' }, true, 'field must be a string, not a boolean'],
  ];
  for (const [name, schema, value, words] of cases) {
    t.match(messageOf(inObject(schema), { field: value }), new RegExp(`${escape(words)}$`), name);
  }
});

t.test('fields are named by their path, with [n] for an array index; a missing one is required', async (t) => {
  const ports = {
    type: 'object',
    required: ['ports'],
    properties: {
      ports: { type: 'array', items: { type: 'object', required: ['client_port'], properties: { client_port: { type: 'integer' } } } },
    },
  };
  t.match(messageOf(ports, { ports: [{ client_port: 1 }, { client_port: 'x' }] }), /ports\[1\]\.client_port must be an integer, not a string$/);
  t.match(messageOf(ports, { ports: [{}] }), /ports\[0\]\.client_port is required$/);
  t.match(messageOf(ports, {}), /: ports is required$/);
  const digits = { type: 'object', properties: { ipv4: { type: 'object', properties: { port2: { type: 'string' } } } } };
  t.match(messageOf(digits, { ipv4: { port2: 1 } }), /: ipv4\.port2 must be a string, not an integer$/, 'a name that ends in digits is no index');
  t.match(messageOf(ports, []), /: the request body must be an object, not an array$/, 'the whole body is "the request body"');
  t.match(messageOf(ports, null), /: the request body is required$/, 'no body at all is a missing body');
  const failure = bodyFailure(ports, 'x');
  t.match(toValidationError(failure, 'querystring').message, /: querystring must be an object, not a string$/, 'another part by its name');
  t.match(toValidationError(failure, undefined).message, /: the request must be an object, not a string$/);
});

t.test('the code: one for the field, or by the failed keyword with * for the rest; required only when keyed', async (t) => {
  const keyed = inObject({ type: 'integer', minimum: 1, 'x-error-code': { type: 'EndPoint.0021', '*': 'EndPoint.0006' } });
  t.equal(toValidationError(bodyFailure(keyed, { field: 'x' }), 'body').code, 'EndPoint.0021', 'the keyword itself');
  t.equal(toValidationError(bodyFailure(keyed, { field: 0 }), 'body').code, 'EndPoint.0006', 'any other keyword: *');
  const single = { ...inObject({ type: 'integer', 'x-error-code': 'EndPoint.0021' }), required: ['field'] };
  t.equal(toValidationError(bodyFailure(single, { field: 'x' }), 'body').code, 'EndPoint.0021');
  t.equal(toValidationError(bodyFailure(single, {}), 'body').code, 'EndPoint.0002', 'a missing field is not the field-level code');
  const required = { ...inObject({ type: 'integer', 'x-error-code': { required: 'EndPoint.0021' } }), required: ['field'] };
  t.equal(toValidationError(bodyFailure(required, {}), 'body').code, 'EndPoint.0021', 'unless keyed by required');
  t.equal(toValidationError(bodyFailure(required, { field: 'x' }), 'body').code, 'EndPoint.0002', 'no key, no *: the general code');
  const unknown = inObject({ type: 'integer', 'x-error-code': 'EndPoint.nope' });
  t.equal(toValidationError(bodyFailure(unknown, { field: 'x' }), 'body').code, 'EndPoint.0002', 'a code the table does not have');
});

t.test('a query integer that is not decimal answers the code keyed by type', async (t) => {
  const app = Fastify();
  t.teardown(() => app.close());
  app.setValidatorCompiler(validatorCompiler);
  installDecimalQueryCheck(app);
  installErrorHandlers(app);
  const limit = { type: 'integer', minimum: 0, 'x-error-code': { type: 'EndPoint.0021', '*': 'EndPoint.0006' } };
  app.get('/', { schema: { querystring: { type: 'object', properties: { limit } } } }, async () => ({ ok: true }));
  const hex = await app.inject({ url: '/?limit=0x10' });
  t.same(hex.json(), { error_code: 'EndPoint.0021', error_msg: hex.json().error_msg });
  t.match(hex.json().error_msg, 'limit must be a decimal integer, not "0x10"');
  t.equal((await app.inject({ url: '/?limit=-1' })).json().error_code, 'EndPoint.0006', 'a negative number reaches the range check');
  t.equal((await app.inject({ url: '/?limit=10' })).statusCode, 200);
});

t.test('a document outside a request (a seed file) is "the document"', async (t) => {
  const check = compileDocumentCheck({ type: 'object', required: ['resources'], properties: { resources: { type: 'array' } } });
  t.equal(check({ resources: [] }), undefined);
  t.equal(check([]), 'the document must be an object, not an array');
  t.equal(check({}), 'resources is required');
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
