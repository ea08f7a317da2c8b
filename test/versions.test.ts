// GET /, GET /v1 and GET /v2 (vpcep-api.md §4.1): version discovery without credentials; other versions are
// 404, and other methods on these paths 405.
import t from 'tap';
import { AUTH, PROJECT, build } from './helper.js';

function v1(href: string) {
  return {
    id: 'v1',
    status: 'CURRENT',
    updated: '2018-09-30T00:00:00Z',
    version: '1',
    min_version: '',
    links: [{ href, type: 'application/json', rel: 'self' }],
  };
}

function v2(href: string) {
  return { ...v1(href), id: 'v2', updated: '2020-03-30T00:00:00Z', version: '2' };
}

t.test("GET / lists v1 and v2 as the reference's example does, without credentials", async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'GET', url: '/' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], 'application/json');
  t.strictSame(res.json(), { versions: [v1('http://localhost:80/v1'), v2('http://localhost:80/v2')] });
});

t.test('GET /v2 shows v2, without credentials', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'GET', url: '/v2' });
  t.equal(res.statusCode, 200);
  t.strictSame(res.json(), { version: v2('http://localhost:80/v2') });
});

t.test('another method on a version path is 405 with Allow', async (t) => {
  const app = await build(t);
  for (const url of ['/', '/v1', '/v2']) {
    const res = await app.inject({ method: 'DELETE', url });
    t.equal(res.statusCode, 405, url);
    t.equal(res.headers.allow, 'GET, HEAD', url);
    t.equal(res.json().error_code, 'EndPoint.1004', url);
  }
});

t.test('GET /v1 shows v1, without credentials', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'GET', url: '/v1' });
  t.equal(res.statusCode, 200);
  t.strictSame(res.json(), { version: v1('http://localhost:80/v1') });
});

t.test('the self link is the address the client used', async (t) => {
  const app = await build(t);
  for (const url of ['/', '/v1']) {
    const res = await app.inject({ method: 'GET', url, headers: { host: 'vpcep.example.test:9600' } });
    t.match(res.body, '"href":"http://vpcep.example.test:9600/v1"', url);
  }
});

t.test('an unknown version is a 404 in the API error format', async (t) => {
  const app = await build(t);
  // /v3 is not a VPCEP version but the identity API (test/identity).
  for (const url of ['/v4', '/v1.1']) {
    const res = await app.inject({ method: 'GET', url });
    t.equal(res.statusCode, 404, url);
    t.strictSame(res.json(), {
      error_code: 'EndPoint.0005',
      error_msg: `No such operation: the API has no GET ${url}`,
    });
  }
});

t.test('GET /v1 leaves /v1/{project_id} to the authenticated API', async (t) => {
  const app = await build(t);
  const url = `/v1/${PROJECT}/endpoint_service/tags`;
  const anonymous = await app.inject({ method: 'GET', url });
  t.equal(anonymous.statusCode, 401);
  t.equal(anonymous.json().error_code, 'EndPoint.0003');
  const signedIn = await app.inject({ method: 'GET', url, headers: AUTH });
  t.equal(signedIn.statusCode, 200);
  t.strictSame(signedIn.json(), { tags: [] });
});
