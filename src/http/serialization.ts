// Response serializers. Fastify compiles one for every route and status when it starts, which was the
// largest part of a start-up (most routes are never called in a given run); here each is compiled when a
// route first answers with that status. The compiler is the one Fastify itself uses (a dependency of ours
// with the range Fastify asks for, so npm installs one copy), so answers are serialized exactly as before;
// imported, not resolved from Fastify's folder at run time, so that it is part of the bundle.
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type SerializerFactory = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildSerializer']
>;
type Serialize = (data: unknown) => string;

const compileNow = SerializerSelector();

export const compileSerializersOnFirstUse: SerializerFactory = (externalSchemas, options) => {
  const compile = compileNow(externalSchemas, options);
  return (route) => {
    let serialize: Serialize | undefined;
    return (data: unknown) => (serialize ??= compile(route) as Serialize)(data);
  };
};
