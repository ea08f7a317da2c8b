// Races over real HTTP: many simultaneous conflicting requests always end in a state that some serial
// order of them produces, and every loser gets a documented error.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import type { StateChange } from '../../src/runtime/changes.js';
import { OTHER_PROJECT, PROJECT, build, serviceBody } from '../helper.js';
import { endpointBody } from '../endpoints/helper.js';
import { settle } from '../support/control.js';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function serve(t: Parameters<typeof build>[0], config: Parameters<typeof build>[1] = {}) {
  const app = await build(t, config);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const call = async (method: string, path: string, body?: unknown, project = PROJECT) => {
    const res = await fetch(`${base}/v1/${project}${path}`, {
      method,
      headers: { 'x-auth-token': 't', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: res.status === 204 ? undefined : ((await res.json()) as any) };
  };
  return { app, call };
}

/** The changes the emulator publishes, in commit order, from now on. */
function recordChanges(app: FastifyInstance): StateChange[] {
  const seen: StateChange[] = [];
  app.emulator.changes.subscribe((change) => seen.push(change));
  return seen;
}

const codes = (answers: { status: number; body: any }[]) =>
  answers.filter((a) => a.status !== 200 && a.status !== 204).map((a) => `${a.status} ${a.body.error_code}`);

t.test('the same backend port from 40 projects at once: one service, 39 EndPoint.3044', async (t) => {
  const { call } = await serve(t);
  const answers = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      call('POST', '/vpc-endpoint-services', serviceBody({ port_id: uuid(1) }), `project${i}`),
    ),
  );
  t.equal(answers.filter((a) => a.status === 200).length, 1);
  t.same(new Set(codes(answers)), new Set(['400 EndPoint.3044']));
});

t.test('the same port_ip twice, 30 times at once: one endpoint, 29 EndPoint.2042', async (t) => {
  const { app, call } = await serve(t);
  const service = (await call('POST', '/vpc-endpoint-services', serviceBody({ approval_enabled: false }))).body;
  await call('POST', `/vpc-endpoint-services/${service.id}/permissions/action`, { action: 'add', permissions: ['*'] });
  await settle(app);
  const answers = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      call('POST', '/vpc-endpoints', endpointBody(service.id, { port_ip: '192.168.0.7' }), i % 2 ? PROJECT : OTHER_PROJECT),
    ),
  );
  t.equal(answers.filter((a) => a.status === 200).length, 1);
  t.same(new Set(codes(answers)), new Set(['400 EndPoint.2042']));
});

t.test('creates at the quota edge: exactly the room that is left', async (t) => {
  const { call } = await serve(t, { quotaServices: 20 });
  for (let i = 0; i < 17; i++) await call('POST', '/vpc-endpoint-services', serviceBody({ port_id: uuid(100 + i) }));
  const answers = await Promise.all(
    Array.from({ length: 25 }, (_, i) => call('POST', '/vpc-endpoint-services', serviceBody({ port_id: uuid(200 + i) }))),
  );
  t.equal(answers.filter((a) => a.status === 200).length, 3, 'three were left');
  t.same(new Set(codes(answers)), new Set(['400 Endpoint.1018']));
  t.equal((await call('GET', '/vpc-endpoint-services?limit=0')).body.total_count, 20);
});

t.test('receive and reject of one connection, 40 at once: the last one to commit decides', async (t) => {
  const { app, call } = await serve(t);
  const service = (await call('POST', '/vpc-endpoint-services', serviceBody())).body;
  await settle(app);
  const endpoint = (await call('POST', '/vpc-endpoints', endpointBody(service.id))).body;
  await settle(app);
  const changes = recordChanges(app);
  const answers = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      call('POST', `/vpc-endpoint-services/${service.id}/connections/action`, {
        action: i % 2 ? 'receive' : 'reject',
        endpoints: [endpoint.id],
      }),
    ),
  );
  t.same(codes(answers), [], 'every one is allowed');
  const final = (await call('GET', `/vpc-endpoints/${endpoint.id}`)).body.status;
  const moves = changes.filter((c) => c.id === endpoint.id);
  t.equal(moves.length, 40, 'each one changed the endpoint once');
  t.equal(final, moves.at(-1)!.to, 'the final status is the last committed one');
  t.same(
    moves.slice(1).map((m) => m.from),
    moves.slice(0, -1).map((m) => m.to),
    'each started from where the previous one left it: a serial order',
  );
});

t.test('deleting a service while endpoints to it are created: either it goes and none connect, or it stays', async (t) => {
  for (let round = 0; round < 5; round++) {
    const { app, call } = await serve(t);
    const service = (await call('POST', '/vpc-endpoint-services', serviceBody())).body;
    await settle(app);
    const creates = Array.from({ length: 20 }, () => call('POST', '/vpc-endpoints', endpointBody(service.id)));
    const deletion = call('DELETE', `/vpc-endpoint-services/${service.id}`);
    const [deleted, ...created] = await Promise.all([deletion, ...creates]);
    const connected = created.filter((a) => a.status === 200).length;
    if (deleted.status === 204) {
      t.equal(connected, 0, `round ${round}: deleted, so no endpoint was created before`);
      t.same(new Set(codes(created)), new Set(['400 EndPoint.2004']), 'the late ones find it unavailable');
    } else {
      t.same(codes([deleted]), ['400 EndPoint.3006'], `round ${round}: kept because endpoints came first`);
      t.ok(connected > 0);
      t.same(new Set(codes(created)), new Set(connected === 20 ? [] : ['400 EndPoint.2004']));
    }
  }
});

t.test('30 renames at once: one name wins, and the endpoints show that same name', async (t) => {
  const { app, call } = await serve(t);
  const service = (await call('POST', '/vpc-endpoint-services', serviceBody())).body;
  await settle(app);
  const endpoint = (await call('POST', '/vpc-endpoints', endpointBody(service.id))).body;
  const answers = await Promise.all(
    Array.from({ length: 30 }, (_, i) => call('PUT', `/vpc-endpoint-services/${service.id}`, { service_name: `name${i}` })),
  );
  t.same(codes(answers), []);
  const final = (await call('GET', `/vpc-endpoint-services/${service.id}`)).body.service_name;
  t.ok(answers.some((a) => a.body.service_name === final), 'one of the renames');
  const shown = (await call('GET', `/vpc-endpoints/${endpoint.id}`)).body.endpoint_service_name;
  t.equal(shown, final, 'no endpoint keeps a name that lost');
});
