// The committed OpenAPI document must match the route schemas: regenerate it with `npm run openapi`. The served
// document must let Swagger UI's "Try it out" work: credentials required where the emulator checks them, a
// description, examples, the documented error answers, and this emulator as the server.
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

async function served(t: any, config = {}, headers: Record<string, string> = {}) {
  const app = await build(t, config);
  const res = await app.inject({ url: '/openapi.json', headers });
  t.equal(res.statusCode, 200);
  return res.json();
}

function operations(doc: any): Array<{ method: string; path: string; op: any }> {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops as object).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
}

t.test('/openapi.json: every operation is described; /v1, /v2.0 and the identity lookups require a credential', async (t) => {
  const doc = await served(t);
  t.match(doc.info.description, 'Authorize');
  t.same(Object.keys(doc.components.securitySchemes).sort(), ['controlToken', 'signature', 'token']);
  t.match(doc.components.securitySchemes.token, { type: 'apiKey', in: 'header', name: 'X-Auth-Token', description: String });
  const ops = operations(doc);
  t.ok(ops.length >= 40);
  for (const { method, path, op } of ops) {
    t.ok(typeof op.description === 'string' && op.description.length > 30, `${method} ${path} has a description`);
    const needsCredential =
      path.startsWith('/v1/') ||
      path.startsWith('/v2.0/') ||
      (path.startsWith('/v3/') && path !== '/v3/' && !(method === 'POST' && path === '/v3/auth/tokens'));
    if (needsCredential) {
      t.same(op.security, [{ token: [] }, { signature: [] }], `${method} ${path} requires a token or a signature`);
      t.ok(op.responses['401'], `${method} ${path} documents 401`);
    } else {
      t.notOk(op.security, `${method} ${path} needs no credential`);
    }
    if (path.startsWith('/v1/')) {
      t.ok(op.responses['400'], `${method} ${path} documents 400`);
      const projectId = op.parameters.find((p: any) => p.name === 'project_id');
      t.equal(projectId.example, '6e9dfd51d1124e8d8498dce894923a0d', `${method} ${path}: project_id has an example`);
    }
    if (/\{[a-z_]*id\}$/.test(path) && /^\/v(1|2\.0)\//.test(path)) t.ok(op.responses['404'], `${method} ${path} documents 404`);
  }
});

t.test('request bodies of the cloud APIs carry the API reference example', async (t) => {
  const doc = await served(t);
  const bodies = operations(doc).filter(({ path, op }) => op.requestBody && !path.startsWith('/_emulator/state'));
  t.ok(bodies.length >= 10);
  for (const { method, path, op } of bodies) {
    t.ok(op.requestBody.content['application/json'].example, `${method} ${path} has an example`);
  }
  const create = doc.paths['/v1/{project_id}/vpc-endpoint-services'].post.requestBody.content['application/json'];
  t.match(create.example, { server_type: 'VM', approval_enabled: false }, 'the create page example');
  t.same(create.example.ports.map((p: any) => [p.client_port, p.server_port]), [[8080, 90], [8081, 80]]);
});

t.test('the examples are requests the emulator accepts', async (t) => {
  const app = await build(t);
  const doc = (await app.inject({ url: '/openapi.json' })).json();
  const example = (path: string, method: string) => doc.paths[path][method].requestBody.content['application/json'].example;
  const project = '6e9dfd51d1124e8d8498dce894923a0d';
  const headers = { 'x-auth-token': 'try-it-out' };
  const created = await app.inject({
    method: 'POST',
    url: `/v1/${project}/vpc-endpoint-services`,
    headers,
    payload: example('/v1/{project_id}/vpc-endpoint-services', 'post'),
  });
  t.equal(created.statusCode, 200, created.body);
  const token = await app.inject({ method: 'POST', url: '/v3/auth/tokens', payload: example('/v3/auth/tokens', 'post') });
  t.equal(token.statusCode, 201, token.body);
});

t.test('the server is VPCEP_PUBLIC_URL, or the address the request reached', async (t) => {
  const fromRequest = await served(t, {}, { host: 'emulator.test:9600' });
  t.same(fromRequest.servers, [{ url: 'http://emulator.test:9600', description: 'this emulator' }]);
  const configured = await served(t, { publicUrl: 'http://vpcep:9600' }, { host: 'elsewhere:1' });
  t.same(configured.servers, [{ url: 'http://vpcep:9600', description: 'this emulator' }]);
  const app = await build(t, { publicUrl: 'http://vpcep:9600' });
  const ui = await app.inject({ url: '/docs/json' });
  t.same(ui.json().servers, configured.servers, 'Swagger UI reads the same document');
});

t.test('Swagger UI, built on its first request, serves its page, its files and the document', async (t) => {
  const app = await build(t);
  const page = await app.inject({ url: '/docs/' });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /^text\/html/);
  t.match(page.body, /swagger-ui/);
  const script = await app.inject({ url: '/docs/static/swagger-ui-bundle.js' });
  t.equal(script.statusCode, 200);
  t.match(script.headers['content-type'], /javascript/);
  t.equal(Number(script.headers['content-length']), script.rawPayload.length, 'the length of the body sent');
  const head = await app.inject({ method: 'HEAD', url: '/docs/static/swagger-ui-bundle.js' });
  t.equal(head.statusCode, 200);
  t.equal(head.body, '');
  const again = await app.inject({ url: '/docs/static/swagger-ui-bundle.js', headers: { 'if-none-match': String(script.headers.etag) } });
  t.equal(again.statusCode, 304, 'a file the browser has is not sent again');
  const moved = await app.inject({ url: '/docs/static/index.html' });
  t.equal(moved.statusCode, 302);
  t.equal(moved.headers.location, '/docs/');
  t.notOk(moved.headers['content-type'], 'a redirect without a body has no content type');
  for (const url of ['/docs/static/nothing.js', '/docs/nothing']) {
    const missing = await app.inject({ url });
    t.equal(missing.statusCode, 404, url);
    t.match(missing.json(), { error_code: String }, `${url}: the emulator's own 404`);
  }

  const ui = await app.inject({ url: '/docs/json', headers: { host: 'emulator.test:9600' } });
  const doc = await app.inject({ url: '/openapi.json', headers: { host: 'emulator.test:9600' } });
  t.same(ui.json(), doc.json(), 'the same document, naming the server the request reached');
});

t.test('with VPCEP_CONTROL_TOKEN the test-control API requires it in the document too', async (t) => {
  const doc = await served(t, { controlToken: 'secret' });
  t.same(doc.paths['/_emulator/reset'].post.security, [{ controlToken: [] }]);
  t.notOk(doc.paths['/_emulator/health'].get.security, 'health never needs the token');
  const open = await served(t);
  t.notOk(open.paths['/_emulator/reset'].post.security);
});
