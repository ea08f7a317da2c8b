// Settling and the virtual clock: transitions happen when a test says so, in due order, at their due
// times, and the clock's offset survives a restart.
import t from 'tap';
import { join } from 'node:path';
import { build, call, createService, manualClock } from '../helper.js';
import { advance, control, settle } from '../support/control.js';

const MINUTE = { kind: 'fixed', ms: 60_000 } as const;
const START = Date.UTC(2026, 0, 1, 12, 0, 0);

const getService = async (app: any, id: string) => (await call(app, 'GET', `/vpc-endpoint-services/${id}`)).body;

t.test('with VPCEP_DELAY=manual nothing moves until settle, which completes everything in order', async (t) => {
  const app = await build(t, { delay: { kind: 'manual' } });
  const first = await createService(app, { port_id: '11111111-1111-4111-8111-111111111111' });
  const second = await createService(app, { port_id: '22222222-2222-4222-8222-222222222222' });
  t.equal((await getService(app, first.id)).status, 'creating');
  const applied = await settle(app);
  t.same(
    applied.map((c) => [c.id, c.from, c.to, c.kind]),
    [
      [first.id, 'creating', 'available', 'endpoint_service'],
      [second.id, 'creating', 'available', 'endpoint_service'],
    ],
    'in the order they were scheduled',
  );
  t.equal((await getService(app, first.id)).status, 'available');
  t.equal((await getService(app, second.id)).status, 'available');
  t.same(await settle(app), [], 'nothing is left to settle');
});

t.test('settle ?id= moves that resource only; an unknown id is a 404', async (t) => {
  const app = await build(t, { delay: { kind: 'manual' } });
  const first = await createService(app, { port_id: '11111111-1111-4111-8111-111111111111' });
  const second = await createService(app, { port_id: '22222222-2222-4222-8222-222222222222' });
  const applied = await settle(app, second.id);
  t.same(applied.map((c) => [c.id, c.to]), [[second.id, 'available']]);
  t.equal((await getService(app, first.id)).status, 'creating', 'the other one waits');
  t.same(await settle(app, second.id), [], 'a resource with nothing pending: nothing happens');
  const unknown = await control(app, 'POST', '/settle?id=no-such-thing');
  t.equal(unknown.status, 404);
  t.equal(unknown.body.error_code, 'EndPoint.0005');
});

t.test('settle completes timed transitions now, without moving the clock', async (t) => {
  const clock = manualClock(START);
  const app = await build(t, { delay: MINUTE }, { clock });
  const created = await createService(app);
  await settle(app);
  const service = await getService(app, created.id);
  t.equal(service.status, 'available');
  t.equal(service.updated_at, '2026-01-01T12:00:00Z', 'it happened now');
  t.equal((await control(app, 'GET', '/clock')).body.offset_seconds, 0);
});

t.test('advancing the clock fires exactly the transitions due in the window, in order, at their due times', async (t) => {
  const clock = manualClock(START);
  const app = await build(t, { delay: MINUTE }, { clock });
  const a = await createService(app, { port_id: '11111111-1111-4111-8111-111111111111' }); // due 12:01:00
  await advance(app, 10);
  const b = await createService(app, { port_id: '22222222-2222-4222-8222-222222222222' }); // due 12:01:10
  await advance(app, 30);
  t.equal((await getService(app, a.id)).status, 'creating', 'not due yet at 12:00:40');

  const moved = await advance(app, 35); // to 12:01:15
  t.same(
    moved.applied.map((c: any) => [c.id, c.to, c.at]),
    [
      [a.id, 'available', '2026-01-01T12:01:00.000Z'],
      [b.id, 'available', '2026-01-01T12:01:10.000Z'],
    ],
  );
  t.equal(moved.now, '2026-01-01T12:01:15.000Z');
  t.equal(moved.offset_seconds, 75);
  t.equal((await getService(app, a.id)).updated_at, '2026-01-01T12:01:00Z', 'updated at its due time');
  t.equal((await getService(app, b.id)).updated_at, '2026-01-01T12:01:10Z');
  const c = await createService(app, { port_id: '33333333-3333-4333-8333-333333333333' });
  t.equal(c.created_at, '2026-01-01T12:01:15Z', 'new resources are stamped with the moved clock');
  t.same((await advance(app, 59)).applied, [], 'one second short of its due time');
  t.same((await advance(app, 1)).applied.map((ch: any) => ch.id), [c.id]);
});

t.test('the clock never moves backwards and takes only a positive number of seconds', async (t) => {
  const app = await build(t);
  for (const seconds of [0, -5, '10', null, 10 * 365 * 86_400 + 1]) {
    const res = await control(app, 'POST', '/clock/advance', { seconds });
    t.equal(res.status, 400, `seconds ${JSON.stringify(seconds)} is refused`);
    t.equal(res.body.error_code, 'EndPoint.0002');
    t.match(res.body.error_msg, 'seconds');
  }
  const moved = await advance(app, 1.5);
  t.equal(moved.offset_seconds, 1.5, 'fractions of a second are fine');
});

t.test('the offset survives a restart, and a transition falls due on the moved clock', async (t) => {
  const db = join(t.testdir(), 'vpcep.db');
  const clock = manualClock(START);
  const first = await build(t, { db, delay: MINUTE }, { clock });
  const created = await createService(first);
  await advance(first, 45);
  await first.close();

  const second = await build(t, { db, delay: MINUTE }, { clock });
  const now = (await control(second, 'GET', '/clock')).body;
  t.equal(now.offset_seconds, 45);
  t.equal(now.now, '2026-01-01T12:00:45.000Z');
  t.equal((await getService(second, created.id)).status, 'creating');
  const moved = await advance(second, 15);
  t.same(moved.applied.map((c: any) => [c.id, c.at]), [[created.id, '2026-01-01T12:01:00.000Z']]);
});

t.test('tokens expire by the emulator clock', async (t) => {
  const app = await build(t);
  const issued = await app.inject({
    method: 'POST',
    url: '/v3/auth/tokens',
    payload: {
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'u', password: 'p', domain: { name: 'd' } } } },
      },
    },
  });
  const token = issued.headers['x-subject-token'] as string;
  const validate = () =>
    app.inject({ method: 'GET', url: '/v3/auth/tokens', headers: { 'x-auth-token': token, 'x-subject-token': token } });
  t.equal((await validate()).statusCode, 200);
  await advance(app, 24 * 3600);
  t.equal((await validate()).statusCode, 404, 'a day later the token has expired: Keystone no longer finds it');
});
