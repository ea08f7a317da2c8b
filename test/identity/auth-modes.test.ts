// VPCEP_AUTH: which credentials /v1 accepts in lenient and in strict mode, and which project they act on.
import t from 'tap';
import { OTHER_PROJECT, PROJECT, build, manualClock } from '../helper.js';
import { passwordBody, projectToken, requestToken } from './helper.js';

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
  const app = await build(t, { auth: 'strict' }, { clock });
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

t.test('strict: a token scoped to a project known only by id acts on that project', async (t) => {
  const app = await build(t, { auth: 'strict' });
  const res = await requestToken(app, passwordBody('acme', { name: 'acme' }, { project: { id: PROJECT } }));
  t.equal((await status(app, list(PROJECT), { 'x-auth-token': res.id! })).status, 200);
  t.equal((await status(app, list(OTHER_PROJECT), { 'x-auth-token': res.id! })).status, 403);
});

t.test('strict also guards the identity lookups', async (t) => {
  const app = await build(t, { auth: 'strict' });
  const res = await app.inject({ method: 'GET', url: '/v3/auth/catalog', headers: { 'x-auth-token': 'made-up' } });
  t.equal(res.statusCode, 401);
  t.match(res.json(), { error: { code: 401, title: 'Unauthorized', message: /not issued by this emulator/ } });
});
