// JSON request bodies. Some SDKs (the Huawei Node core among them) send `Content-Type: application/json`
// with an empty body on GET and DELETE, which Fastify's stock parser refuses; an empty body is read here
// as no body at all. Anything else must be valid JSON, or the answer is a 400 in the API's format.
// JSON is the only body the API takes: other media types, text/plain included, are refused by name.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';

export function installJsonBodyParser(app: FastifyInstance): void {
  // __proto__ and constructor.prototype keys are dropped like any other unknown field, which also
  // keeps them from reaching an object's prototype.
  const parseJson = app.getDefaultJsonParser('remove', 'remove');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    parseJson(request, text, (err, parsed) => {
      if (err) return done(new ApiError('EndPoint.0002', `the request body is not valid JSON (${err.message})`));
      done(null, parsed);
    });
  });
}

/** For a route whose whole body is optional: no body at all is read as an empty object. */
export async function noBodyIsEmpty(request: FastifyRequest): Promise<void> {
  request.body ??= {};
}
