// The committed OpenAPI document must match the route schemas: regenerate it with `npm run openapi`.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { renderOpenApi } from '../src/http/openapi.js';
import { build } from './helper.js';

t.test('openapi/openapi.json is up to date', async (t) => {
  const app = await build(t);
  const committed = readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8');
  t.equal(committed, renderOpenApi(app), 'run `npm run openapi` and commit the result');
});

t.test('the document describes every route with its error answers', async (t) => {
  const app = await build(t);
  const doc = app.swagger() as any;
  const create = doc.paths['/v1/{project_id}/vpc-endpoint-services'].post;
  t.ok(create.requestBody.content['application/json'].schema.properties.ports);
  t.same(Object.keys(create.responses).sort(), ['200', '400', '401', '500']);
  t.ok(doc.paths['/_emulator/health'].get);
  t.notOk(doc.paths['/openapi.json'], 'the document does not describe itself');
});
