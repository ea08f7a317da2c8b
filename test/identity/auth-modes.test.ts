// VPCEP_AUTH: which credentials /v1 accepts in lenient and in strict mode, and which project they act on.
import t from 'tap';
import { pino } from 'pino';
import { OTHER_PROJECT, PROJECT, build, manualClock } from '../helper.js';
import { passwordBody, projectToken, requestToken, usersOf } from './helper.js';

const list = (project: string) => `/v1/${project}/vpc-endpoint-services`;

async function status(app: Awaited<ReturnType<typeof build>>, url: string, headers: Record<string, string>) {
  const res = await app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, body: res.json() };
}

t.test('lenient (the default): any token, issued or not, on any project', async (t) => {
  const app = await build(t);
  const { id, token } = await projectToken(app, 'acme', 'eu-de_dev');
  t.equal((await status(app, list(token.project.id), { 'x-auth-token': id })).status, 200, 'an issued token');
  t.equal((await status(app, list(OTHER_PROJECT), { 'x-auth-token': id })).status, 200, 'on another project too');
  t.equal((await status(app, list(PROJECT), { 'x-auth-token': 'made-up' })).status, 200, 'a made-up token');
  const unsigned = { authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=00' };
  t.equal((await status(app, list(PROJECT), unsigned)).status, 200, 'a signature that is not checked');
  const res = await status(app, list(PROJECT), {});
  t.equal(res.status, 401);
  t.equal(res.body.error_code, 'EndPoint.0003');
});

t.test('strict: only unexpired tokens the emulator issued, for their own project', async (t) => {
  const clock = manualClock();
  const app = await build(t, { auth: 'strict', users: usersOf('acme') }, { clock });
  const { id, token } = await projectToken(app, 'acme', 'eu-de_dev');
  const own = list(token.project.id);

  t.equal((await status(app, own, { 'x-auth-token': id })).status, 200, 'an issued token on its project');

  const unknown = await status(app, own, { 'x-auth-token': 'made-up' });
  t.equal(unknown.status, 401, 'a token the emulator did not issue');
  t.same(unknown.body, {
    error_code: 'EndPoint.0003',
    error_msg: 'Authentication failed or authentication information is invalid: the token was not issued by this emulator',
  });

  const cross = await status(app, list(OTHER_PROJECT), { 'x-auth-token': id });
  t.equal(cross.status, 403, 'another project');
  t.same(cross.body, {
    error_code: 'EndPoint.0004',
    error_msg:
      'Authentication information is incorrect or you have no permissions: ' +
      `the token is scoped to project ${token.project.id}, not ${OTHER_PROJECT}`,
  });

  const domainToken = await requestToken(app, passwordBody('acme', { name: 'acme' }, { domain: { name: 'acme' } }));
  const byDomain = await status(app, own, { 'x-auth-token': domainToken.id! });
  t.equal(byDomain.status, 403, 'a domain-scoped token');
  t.match(byDomain.body.error_msg, 'not scoped to a project');

  const unsigned = { authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=00' };
  const signature = await status(app, own, unsigned);
  t.equal(signature.status, 401, 'a signature with an unknown access key');
  t.match(signature.body.error_msg, 'access key AK is not configured');

  clock.advance(24 * 60 * 60 * 1000 - 1);
  t.equal((await status(app, own, { 'x-auth-token': id })).status, 200, 'valid until the last millisecond');
  clock.advance(1);
  const expired = await status(app, own, { 'x-auth-token': id });
  t.equal(expired.status, 401, 'expired after 24 hours by the app clock');
  t.match(expired.body.error_msg, 'the token expired at 2026-01-02T00:00:00.000000Z');
});

t.test('strict: a user scopes only to its own domain and the projects of its domain', async (t) => {
  const app = await build(t, { auth: 'strict', users: usersOf('acme', 'rival') });
  const byId = await requestToken(app, passwordBody('acme', { name: 'acme' }, { project: { id: PROJECT } }));
  t.equal(byId.status, 403, 'a project known only by id is an account of its own, not acme');
  t.match(byId.body, { error: { code: 403, title: 'Forbidden', message: `project ${PROJECT}` } });
  const rivals = await requestToken(app, passwordBody('acme', { name: 'acme' }, { project: { name: 'eu-de_x', domain: { name: 'rival' } } }));
  t.equal(rivals.status, 403, "another domain's project");
  const domain = await requestToken(app, passwordBody('acme', { name: 'acme' }, { domain: { name: 'rival' } }));
  t.equal(domain.status, 403, 'another domain');

  const own = await projectToken(app, 'acme', 'eu-de_dev');
  const again = await requestToken(app, passwordBody('acme', { name: 'acme' }, { project: { id: own.token.project.id } }));
  t.equal(again.status, 201, 'its own project, by id once it is named');
  const list = `/v1/${own.token.project.id}/vpc-endpoint-services`;
  t.equal((await status(app, list, { 'x-auth-token': again.id! })).status, 200);
  const rescoped = await requestToken(app, {
    auth: { identity: { methods: ['token'], token: { id: again.id } }, scope: { domain: { name: 'rival' } } },
  });
  t.equal(rescoped.status, 403, 'a token does not rescope into another domain either');
});

t.test('strict: only the configured users, with their passwords, get tokens', async (t) => {
  const lines: string[] = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
  const users = [{ name: 'alice', password: 'pa:ss-w0rd', domain: 'acme' }];
  const app = await build(t, { auth: 'strict', users }, { logger });
  const ask = (user: Record<string, unknown>) =>
    requestToken(app, { auth: { identity: { methods: ['password'], password: { user } } } });
  const good = await ask({ name: 'alice', password: 'pa:ss-w0rd', domain: { name: 'acme' } });
  t.equal(good.status, 201);
  t.equal((await ask({ id: good.body.token.user.id, password: 'pa:ss-w0rd' })).status, 201, 'by user id');
  t.equal((await ask({ name: 'alice', password: 'pa:ss-w0rd', domain: { id: good.body.token.user.domain.id } })).status, 201);
  for (const [what, user] of [
    ['a wrong password', { name: 'alice', password: 'guess', domain: { name: 'acme' } }],
    ['an unknown user', { name: 'mallory', password: 'pa:ss-w0rd', domain: { name: 'acme' } }],
    ['the right user in another domain', { name: 'alice', password: 'pa:ss-w0rd', domain: { name: 'other' } }],
    ['an unknown user id', { id: 'f'.repeat(32), password: 'pa:ss-w0rd' }],
  ] as const) {
    const res = await ask(user);
    t.equal(res.status, 401, what);
    t.match(res.body, { error: { code: 401, message: /Invalid username or password/ } }, what);
  }
  const journal = await app.inject({ method: 'GET', url: '/_emulator/requests' });
  t.notMatch(journal.body, 'pa:ss-w0rd', 'no password in the journal');
  const info = await app.inject({ method: 'GET', url: '/_emulator/info' });
  t.equal(info.json().config.VPCEP_USERS, 'alice:***:acme', 'nor in the info');
  t.ok(lines.length > 5, 'every request was logged');
  t.notMatch(lines.join('\n'), 'pa:ss-w0rd', 'no password in the log');
});

t.test('lenient: anyone still gets a token, whatever VPCEP_USERS says', async (t) => {
  const app = await build(t, { users: usersOf('acme') });
  t.equal((await requestToken(app, passwordBody('someone', { name: 'anywhere' }))).status, 201);
});

t.test('strict also guards the identity lookups', async (t) => {
  const app = await build(t, { auth: 'strict', users: usersOf('acme') });
  const res = await app.inject({ method: 'GET', url: '/v3/auth/catalog', headers: { 'x-auth-token': 'made-up' } });
  t.equal(res.statusCode, 401);
  t.match(res.json(), { error: { code: 401, title: 'Unauthorized', message: /not issued by this emulator/ } });
});
