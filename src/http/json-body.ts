// JSON request bodies. Some SDKs (the Huawei Node core among them) send `Content-Type: application/json`
// with an empty body on GET and DELETE, which Fastify's stock parser refuses; an empty body is read here
// as no body at all. Anything else must be valid JSON, or the answer is a 400 in the API's format.
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';

export function installJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    parseJson(request, text, (err, parsed) => {
      if (err) return done(new ApiError('EndPoint.0002', `the request body is not valid JSON (${err.message})`));
      done(null, parsed);
    });
  });
}
