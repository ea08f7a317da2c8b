// POST /v3/auth/tokens and GET /v3/auth/tokens: the token contract of clients.md §1.1.
import t from 'tap';
import { build, manualClock } from '../helper.js';
import { identityCall, passwordBody, projectScope, projectToken, requestToken } from './helper.js';

const HEX32 = /^[0-9a-f]{32}$/;

t.test('a project-scoped password token: 201, X-Subject-Token and the body clients parse', async (t) => {
  const clock = manualClock(Date.UTC(2026, 0, 1, 8));
  const app = await build(t, {}, { clock });
  const res = await requestToken(
    app,
    passwordBody('alice', { name: 'acme' }, projectScope('eu-de_dev', { name: 'acme' })),
  );
  t.equal(res.status, 201);
  t.match(res.headers['content-type'], 'application/json');
  t.match(res.id, /^[A-Za-z0-9_-]{40,}$/, 'X-Subject-Token carries the token');
  const { token } = res.body;
  t.equal(token.issued_at, '2026-01-01T08:00:00.000000Z');
  t.equal(token.expires_at, '2026-01-02T08:00:00.000000Z', 'valid for 24 hours by the app clock');
  t.same(token.methods, ['password']);
  t.match(token.user, { id: HEX32, name: 'alice', domain: { id: HEX32, name: 'acme' } });
  t.match(token.project, { id: HEX32, name: 'eu-de_dev', domain: { id: token.user.domain.id, name: 'acme' } });
  t.notOk('domain' in token, 'a project token has no domain scope');
  t.same(token.roles.map((r: { name: string }) => r.name), ['te_admin']);

  const vpcep = token.catalog.find((entry: { type: string }) => entry.type === 'vpcep');
  t.same(vpcep.endpoints.map((e: object) => ({ ...e, id: undefined })), [
    {
      id: undefined,
      interface: 'public',
      region: 'eu-de',
      region_id: 'eu-de',
      url: `http://localhost:80/v1/${token.project.id}`,
    },
  ]);
  const identity = token.catalog.find((entry: { type: string }) => entry.type === 'identity');
  t.equal(identity.endpoints[0].url, 'http://localhost:80/v3');
  // The companion APIs, where gophertelekomcloud and Terraform look them up: network (VPC v1 and Neutron) and
  // elb at the bare base URL (the clients add v1/{project_id}/ or v2.0/), vpc with the project, as OTC has it.
  const urls = Object.fromEntries(token.catalog.map((entry: any) => [entry.type, [entry.name, entry.endpoints[0].url, entry.endpoints[0].region]]));
  t.same(urls, {
    identity: ['keystone', 'http://localhost:80/v3', 'eu-de'],
    vpcep: ['vpcep', `http://localhost:80/v1/${token.project.id}`, 'eu-de'],
    network: ['neutron', 'http://localhost:80', 'eu-de'],
    elb: ['elb', 'http://localhost:80', 'eu-de'],
    vpc: ['vpc', `http://localhost:80/v1/${token.project.id}`, 'eu-de'],
  });
});

t.test('the catalog follows the region and the Host header', async (t) => {
  const app = await build(t, { region: 'eu-nl' });
  const res = await requestToken(
    app,
    passwordBody('bob', { name: 'acme' }, projectScope('eu-nl', { name: 'acme' })),
    { host: 'vpcep:9600' },
  );
  const vpcep = res.body.token.catalog.find((entry: { type: string }) => entry.type === 'vpcep');
  t.match(vpcep.endpoints[0], { region: 'eu-nl', region_id: 'eu-nl', url: `http://vpcep:9600/v1/${res.body.token.project.id}` });
});

t.test('the same names give the same ids; other names other ids', async (t) => {
  const app = await build(t);
  const a1 = await projectToken(app, 'acme', 'eu-de_a');
  const a2 = await projectToken(app, 'acme', 'eu-de_a');
  const b = await projectToken(app, 'acme', 'eu-de_b');
  const other = await projectToken(app, 'globex', 'eu-de_a');
  t.not(a1.id, a2.id, 'every request gets a new token');
  t.equal(a1.token.project.id, a2.token.project.id);
  t.equal(a1.token.user.id, a2.token.user.id);
  t.not(a1.token.project.id, b.token.project.id);
  t.equal(a1.token.project.domain.id, b.token.project.domain.id);
  t.not(other.token.project.id, a1.token.project.id, 'a project name is unique within its domain only');
  t.not(other.token.user.domain.id, a1.token.user.domain.id);

  // A second emulator on a fresh database derives the same ids from the same names.
  const fresh = await build(t);
  const again = await projectToken(fresh, 'acme', 'eu-de_a');
  t.equal(again.token.project.id, a1.token.project.id);
  t.equal(again.token.user.domain.id, a1.token.user.domain.id);
});

t.test('scopes: domain (by name and by id), project by id, project by domain id, none', async (t) => {
  const app = await build(t);
  const first = await projectToken(app, 'acme', 'eu-de_dev');
  const domain = first.token.user.domain;

  const byName = await requestToken(app, passwordBody('alice', { name: 'acme' }, { domain: { name: 'acme' } }));
  t.equal(byName.status, 201, 'domain scope by name');
  t.same(byName.body.token.domain, domain);
  t.notOk('project' in byName.body.token);
  t.same(
    byName.body.token.catalog.map((entry: { type: string }) => entry.type),
    ['identity'],
    'no project, so no vpcep URL',
  );

  const byId = await requestToken(app, passwordBody('alice', { id: domain.id }, { domain: { id: domain.id } }));
  t.equal(byId.status, 201, 'domain scope and user domain by id');
  t.same(byId.body.token.domain, domain);
  t.equal(byId.body.token.user.id, byName.body.token.user.id);

  const projectById = await requestToken(app, passwordBody('alice', { name: 'acme' }, { project: { id: first.token.project.id } }));
  t.same(projectById.body.token.project, first.token.project, 'a registered project by id keeps its name and domain');

  const projectByDomainId = await requestToken(
    app,
    passwordBody('alice', { name: 'acme' }, { project: { name: 'eu-de_dev', domain: { id: domain.id } } }),
  );
  t.same(projectByDomainId.body.token.project, first.token.project);

  const unknownId = 'c0ffee00c0ffee00c0ffee00c0ffee00';
  const onlyById = await requestToken(app, passwordBody('alice', { name: 'acme' }, { project: { id: unknownId } }));
  t.equal(onlyById.status, 201, 'a project never named is accepted by id');
  t.same(onlyById.body.token.project, { id: unknownId, name: unknownId, domain: { id: unknownId, name: unknownId } });
  t.match(onlyById.body.token.catalog[1].endpoints[0].url, `/v1/${unknownId}`);

  const unscoped = await requestToken(app, passwordBody('alice', { name: 'acme' }));
  t.equal(unscoped.status, 201);
  t.notOk('project' in unscoped.body.token || 'domain' in unscoped.body.token);
});

t.test('a user by id, and the token method', async (t) => {
  const clock = manualClock();
  const app = await build(t, {}, { clock });
  const first = await projectToken(app, 'acme', 'eu-de_dev');

  const byUserId = await requestToken(app, {
    auth: {
      identity: { methods: ['password'], password: { user: { id: first.token.user.id, password: 'x' } } },
      scope: { domain: { name: 'acme' } },
    },
  });
  t.equal(byUserId.status, 201);
  t.same(byUserId.body.token.user, first.token.user);

  clock.advance(60 * 60 * 1000);
  const rescoped = await requestToken(app, {
    auth: { identity: { methods: ['token'], token: { id: first.id } }, scope: { domain: { name: 'acme' } } },
  });
  t.equal(rescoped.status, 201);
  t.same(rescoped.body.token.methods, ['token']);
  t.same(rescoped.body.token.user, first.token.user);
  t.equal(rescoped.body.token.domain.name, 'acme');
  t.equal(rescoped.body.token.expires_at, first.token.expires_at, 'no later than the token it came from');
  t.not(rescoped.body.token.issued_at, first.token.issued_at);

  clock.advance(24 * 60 * 60 * 1000);
  const late = await requestToken(app, { auth: { identity: { methods: ['token'], token: { id: first.id } } } });
  t.equal(late.status, 401, 'an expired token cannot buy another');
});

t.test('authentication failures answer 401 in Keystone format', async (t) => {
  const app = await build(t);
  const cases: [string, unknown][] = [
    ['an unknown user id', { auth: { identity: { methods: ['password'], password: { user: { id: 'nobody', password: 'x' } } } } }],
    ['an unknown domain id', passwordBody('alice', { id: 'ffffffffffffffffffffffffffffffff' })],
    ['an empty password', passwordBody('alice', { name: 'acme' }, undefined, '')],
    ['an unknown token', { auth: { identity: { methods: ['token'], token: { id: 'not-issued' } } } }],
    ['an unsupported method', { auth: { identity: { methods: ['totp'] } } }],
    ['two methods at once', { auth: { identity: { methods: ['password', 'token'] } } }],
  ];
  for (const [name, body] of cases) {
    const res = await requestToken(app, body);
    t.equal(res.status, 401, name);
    t.same(Object.keys(res.body), ['error']);
    t.match(res.body.error, { code: 401, title: 'Unauthorized', message: /requires authentication/ }, name);
    t.notOk(res.id, `${name}: no token`);
  }
});

t.test('request bodies are validated: 400 in Keystone format', async (t) => {
  const app = await build(t);
  const cases: [string, unknown, RegExp][] = [
    ['no auth', {}, /^auth is required$/],
    ['no methods', { auth: { identity: {} } }, /auth\.identity\.methods is required/],
    ['methods not a list', { auth: { identity: { methods: 'password' } } }, /methods must be an array, not a string/],
    ['no methods at all', { auth: { identity: { methods: [] } } }, /methods must have at least 1 item/],
    ['password method without password', { auth: { identity: { methods: ['password'] } } }, /password in identity/],
    ['token method without token', { auth: { identity: { methods: ['token'] } } }, /token in identity/],
    ['a password that is a number', passwordBody('alice', { name: 'acme' }, undefined, 42 as unknown as string), /password must be a string, not an integer/],
    ['a user without a domain', { auth: { identity: { methods: ['password'], password: { user: { name: 'alice', password: 'x' } } } } }, /domain in password.user/],
    ['a user without id or name', { auth: { identity: { methods: ['password'], password: { user: { password: 'x', domain: { name: 'd' } } } } } }, /id or name in password.user/],
    ['a domain without id or name', passwordBody('alice', {}), /id or name in domain/],
    ['an empty domain name', passwordBody('alice', { name: '' }), /domain.name must not be empty/],
    ['a project name without domain', passwordBody('alice', { name: 'acme' }, { project: { name: 'p' } }), /domain in scope.project/],
    ['a project without id or name', passwordBody('alice', { name: 'acme' }, { project: {} }), /id or name in scope.project/],
    ['a project id that cannot be a path', passwordBody('alice', { name: 'acme' }, { project: { id: 'a/b' } }), /scope.project.id must be 1 to 64 letters/],
    ['project and domain scope', passwordBody('alice', { name: 'acme' }, { project: { id: 'p1' }, domain: { name: 'acme' } }), /either a project or a domain/],
  ];
  for (const [name, body, message] of cases) {
    const res = await requestToken(app, body);
    t.equal(res.status, 400, name);
    t.match(res.body, { error: { code: 400, title: 'Bad Request', message } }, name);
  }
  const notJson = await app.inject({ method: 'POST', url: '/v3/auth/tokens', payload: '{"auth":', headers: { 'content-type': 'application/json' } });
  t.equal(notJson.statusCode, 400);
  t.match(notJson.json(), { error: { code: 400, message: /not valid JSON/ } });
  const form = await app.inject({ method: 'POST', url: '/v3/auth/tokens', payload: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  t.equal(form.statusCode, 400);
  t.equal(form.json().error.title, 'Bad Request');
});

t.test('GET /v3/auth/tokens validates the token in X-Subject-Token', async (t) => {
  const clock = manualClock();
  const app = await build(t, {}, { clock });
  const { id, token } = await projectToken(app, 'acme', 'eu-de_dev');
  const headers = { 'x-auth-token': id, 'x-subject-token': id };

  const valid = await identityCall(app, '/v3/auth/tokens', headers);
  t.equal(valid.status, 200);
  t.equal(valid.headers['x-subject-token'], id);
  t.same(valid.body.token, token, 'the body of the token as issued');
  const head = await app.inject({ method: 'HEAD', url: '/v3/auth/tokens', headers });
  t.equal(head.statusCode, 200, 'HEAD checks the same way');
  const bare = await identityCall(app, '/v3/auth/tokens?nocatalog', headers);
  t.notOk('catalog' in bare.body.token, 'nocatalog leaves the catalog out');

  const unknown = await identityCall(app, '/v3/auth/tokens', { 'x-auth-token': id, 'x-subject-token': 'nope' });
  t.equal(unknown.status, 404);
  t.match(unknown.body, { error: { code: 404, title: 'Not Found' } });
  const missing = await identityCall(app, '/v3/auth/tokens', { 'x-auth-token': id });
  t.equal(missing.status, 404);
  const anonymous = await identityCall(app, '/v3/auth/tokens', { 'x-subject-token': id });
  t.equal(anonymous.status, 401, 'the caller needs a credential of its own');

  clock.advance(24 * 60 * 60 * 1000);
  const expired = await identityCall(app, '/v3/auth/tokens', { 'x-auth-token': 'any', 'x-subject-token': id });
  t.equal(expired.status, 404, 'an expired token is not found');
});

t.test('GET /v3 is the version document whose self link clients post below', async (t) => {
  const app = await build(t);
  for (const url of ['/v3', '/v3/']) {
    const res = await app.inject({ method: 'GET', url, headers: { host: 'vpcep:9600' } });
    t.equal(res.statusCode, 200, url);
    t.match(res.json(), {
      version: { id: 'v3.0', status: 'stable', links: [{ rel: 'self', href: 'http://vpcep:9600/v3/' }] },
    });
  }
  const unknown = await app.inject({ method: 'GET', url: '/v3/users' });
  t.equal(unknown.statusCode, 404);
  t.same(unknown.json(), { error: { code: 404, title: 'Not Found', message: 'Could not find GET /v3/users.' } });
});

t.test('passwords are neither stored nor logged', async (t) => {
  const lines: string[] = [];
  const { pino } = await import('pino');
  const logger = pino({ level: 'trace' }, { write: (line: string) => lines.push(line) });
  const db = `${t.testdir()}/identity.db`;
  const app = await build(t, { db }, { logger });
  await requestToken(app, passwordBody('alice', { name: 'acme' }, projectScope('p', { name: 'acme' }), 'Sup3r-S3cret'));
  await requestToken(app, passwordBody('alice', { name: 'acme' }, undefined, ''));
  await app.close();
  t.notMatch(lines.join('\n'), 'Sup3r-S3cret');
  const { readFileSync } = await import('node:fs');
  t.notMatch(readFileSync(db).toString('latin1'), 'Sup3r-S3cret');
});

t.test('an unexpected failure is a 500 in Keystone format, its details only in the log', async (t) => {
  const lines: string[] = [];
  const { pino } = await import('pino');
  const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
  const db = `${t.testdir()}/identity.db`;
  const app = await build(t, { db }, { logger });
  // The emulator holds its database file exclusively: break it through its own connection.
  app.emulator.db.exec('DROP TABLE identity_tokens');
  const res = await requestToken(app, passwordBody('alice', { name: 'acme' }));
  t.equal(res.status, 500);
  t.same(res.body, { error: { code: 500, title: 'Internal Server Error', message: 'System error. Please retry.' } });
  t.match(lines.join('\n'), 'no such table: identity_tokens');
});
