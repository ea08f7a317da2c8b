// A file database across restarts: the same names keep their ids, issued tokens stay valid, and a
// project keeps the domain it was named under.
import t from 'tap';
import { join } from 'node:path';
import { build, serviceBody } from '../helper.js';
import { identityCall, projectToken, usersOf } from './helper.js';

t.test('ids, tokens and domains survive a restart', async (t) => {
  const db = join(t.testdir(), 'vpcep.db');
  const first = await build(t, { db, auth: 'strict', users: usersOf('acme') });
  const before = await projectToken(first, 'acme', 'eu-de_dev');
  await first.close();

  const second = await build(t, { db, auth: 'strict', users: usersOf('acme') });
  const after = await projectToken(second, 'acme', 'eu-de_dev');
  t.equal(after.token.project.id, before.token.project.id);
  t.equal(after.token.user.id, before.token.user.id);
  t.equal(after.token.user.domain.id, before.token.user.domain.id);

  const validated = await identityCall(second, '/v3/auth/tokens', { 'x-auth-token': after.id, 'x-subject-token': before.id });
  t.equal(validated.status, 200, 'a token issued before the restart is still known');

  const created = await second.inject({
    method: 'POST',
    url: `/v1/${before.token.project.id}/vpc-endpoint-services`,
    headers: { 'x-auth-token': before.id },
    payload: serviceBody(),
  });
  t.equal(created.statusCode, 200, 'and still accepted in strict mode');
  t.equal(created.json().domain_id, before.token.user.domain.id, 'the project still belongs to its domain');
});
