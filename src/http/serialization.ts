// Response serializers. Fastify compiles one for every route and status when it starts, which was the
// largest part of a start-up (most routes are never called in a given run); here each is compiled when a
// route first answers with that status. The compiler is the one Fastify itself uses, resolved from
// Fastify's own dependencies, so answers are serialized exactly as before.
import type { FastifyServerOptions } from 'fastify';
import { createRequire } from 'node:module';

type SerializerFactory = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildSerializer']
>;
type Serialize = (data: unknown) => string;

const fromFastify = createRequire(import.meta.resolve('fastify'));
const { SerializerSelector } = fromFastify('@fastify/fast-json-stringify-compiler') as {
  SerializerSelector: () => SerializerFactory;
};
const compileNow = SerializerSelector();

export const compileSerializersOnFirstUse: SerializerFactory = (externalSchemas, options) => {
  const compile = compileNow(externalSchemas, options);
  return (route) => {
    let serialize: Serialize | undefined;
    return (data: unknown) => (serialize ??= compile(route) as Serialize)(data);
  };
};
