// Port uniqueness on create and modify (vpcep-api.md §3.1).
import t, { type Test } from 'tap';
import { OTHER_PROJECT, build, call, createService, manualClock, serviceBody } from '../helper.js';
import { advance, settle } from '../support/control.js';

const BACKEND_A = '11111111-2222-4333-8444-555555555555';
const BACKEND_B = '66666666-7777-4888-8999-aaaaaaaaaaaa';

const mapping = (client_port: number, server_port: number) => ({ client_port, server_port, protocol: 'TCP' });

async function expectConflict(t: Test, res: { status: number; body: any }, mention: string) {
  t.equal(res.status, 400);
  t.equal(res.body.error_code, 'EndPoint.3044');
  t.match(res.body.error_msg, mention);
}

t.test('within one request no two mappings share client_port or server_port', async (t) => {
  const app = await build(t);
  const clientTwice = await call(app, 'POST', '/vpc-endpoint-services', serviceBody({ ports: [mapping(80, 8080), mapping(80, 8081)] }));
  await expectConflict(t, clientTwice, 'ports[1] repeats client_port 80/TCP of ports[0]');
  const serverTwice = await call(app, 'POST', '/vpc-endpoint-services', serviceBody({ ports: [mapping(80, 8080), mapping(81, 8080)] }));
  await expectConflict(t, serverTwice, 'ports[1] repeats server_port 8080/TCP of ports[0]');
  const distinct = await call(app, 'POST', '/vpc-endpoint-services', serviceBody({ ports: [mapping(80, 8080), mapping(81, 8081)] }));
  t.equal(distinct.status, 200);
});

t.test('services on the same port_id never share a (server_port, protocol), in any project', async (t) => {
  const app = await build(t);
  await createService(app, { port_id: BACKEND_A, ports: [mapping(80, 8080)] });
  const sameBackend = await call(
    app, 'POST', '/vpc-endpoint-services', serviceBody({ port_id: BACKEND_A, ports: [mapping(90, 8080)] }), OTHER_PROJECT,
  );
  await expectConflict(t, sameBackend, `server_port 8080/TCP on port_id ${BACKEND_A} is already used by another endpoint service`);

  const sameClientPortIsFine = await call(
    app, 'POST', '/vpc-endpoint-services', serviceBody({ port_id: BACKEND_A, ports: [mapping(80, 8081)] }),
  );
  t.equal(sameClientPortIsFine.status, 200, 'another service may reuse the client port');
  const otherBackend = await call(
    app, 'POST', '/vpc-endpoint-services', serviceBody({ port_id: BACKEND_B, ports: [mapping(80, 8080)] }),
  );
  t.equal(otherBackend.status, 200, 'another backend may reuse the server port');
});

t.test('a failed create leaves nothing behind', async (t) => {
  const app = await build(t);
  await createService(app, { port_id: BACKEND_A, ports: [mapping(80, 8080)] });
  const res = await call(
    app, 'POST', '/vpc-endpoint-services', serviceBody({ port_id: BACKEND_A, ports: [mapping(1, 1), mapping(2, 8080)] }),
  );
  t.equal(res.status, 400);
  const list = await call(app, 'GET', '/vpc-endpoint-services');
  t.equal(list.body.total_count, 1);
  const reuse = await call(app, 'POST', '/vpc-endpoint-services', serviceBody({ port_id: BACKEND_A, ports: [mapping(1, 1)] }));
  t.equal(reuse.status, 200, 'the refused request reserved no port');
});

t.test('modify checks the new ports and the new port_id against other services', async (t) => {
  const app = await build(t, { delay: { kind: 'manual' } });
  const first = await createService(app, { port_id: BACKEND_A, ports: [mapping(80, 8080)] });
  const second = await createService(app, { port_id: BACKEND_B, ports: [mapping(80, 8080), mapping(81, 9090)] });
  await settle(app);
  const path = `/vpc-endpoint-services/${second.id}`;
  await expectConflict(t, await call(app, 'PUT', path, { port_id: BACKEND_A }), 'server_port 8080/TCP');
  await expectConflict(t, await call(app, 'PUT', path, { ports: [mapping(1, 9090), mapping(2, 9090)] }), 'repeats server_port');
  await expectConflict(
    t,
    await call(app, 'PUT', `/vpc-endpoint-services/${first.id}`, { ports: [mapping(80, 9090)], port_id: BACKEND_B }),
    `server_port 9090/TCP on port_id ${BACKEND_B}`,
  );

  const ownPortsAgain = await call(app, 'PUT', path, { ports: [mapping(82, 8080), mapping(83, 9091)] });
  t.equal(ownPortsAgain.status, 200, 'a service may keep its own server ports');
  t.same(ownPortsAgain.body.ports, [mapping(82, 8080), mapping(83, 9091)]);
  const freed = await call(app, 'POST', '/vpc-endpoint-services', serviceBody({ port_id: BACKEND_B, ports: [mapping(1, 9090)] }));
  t.equal(freed.status, 200, 'ports a modification dropped are free again');

  const moved = await call(app, 'PUT', `/vpc-endpoint-services/${first.id}`, { port_id: BACKEND_B, ports: [mapping(5, 7070)] });
  t.equal(moved.status, 200);
  t.equal(moved.body.port_id, BACKEND_B);
  const oldBackendFree = await call(app, 'POST', '/vpc-endpoint-services', serviceBody({ port_id: BACKEND_A, ports: [mapping(80, 8080)] }));
  t.equal(oldBackendFree.status, 200, 'moving to another backend frees the old one');
});

t.test('a service keeps its ports until it is gone', async (t) => {
  const app = await build(t, { delay: { kind: 'fixed', ms: 60_000 } }, { clock: manualClock() });
  const service = await createService(app, { port_id: BACKEND_A, ports: [mapping(80, 8080)] });
  t.equal((await call(app, 'DELETE', `/vpc-endpoint-services/${service.id}`)).status, 204);
  const again = () => call(app, 'POST', '/vpc-endpoint-services', serviceBody({ port_id: BACKEND_A, ports: [mapping(80, 8080)] }));
  await expectConflict(t, await again(), 'server_port 8080/TCP');
  await advance(app, 59);
  await expectConflict(t, await again(), 'server_port 8080/TCP');
  await advance(app, 1);
  t.equal((await call(app, 'GET', `/vpc-endpoint-services/${service.id}`)).status, 404, 'gone after the delay');
  const afterwards = await call(app, 'POST', '/vpc-endpoint-services', serviceBody({ port_id: BACKEND_A, ports: [mapping(80, 8080)] }));
  t.equal(afterwards.status, 200);
});

t.test('20 concurrent conflicting creates give exactly one 200', async (t) => {
  const app = await build(t);
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      call(app, 'POST', '/vpc-endpoint-services', serviceBody({ port_id: BACKEND_A, ports: [mapping(100 + i, 8080)] })),
    ),
  );
  t.equal(results.filter((r) => r.status === 200).length, 1);
  t.equal(results.filter((r) => r.body.error_code === 'EndPoint.3044').length, 19);
});

t.test('a modify that sends only port_id moves the mappings to the new backend', async (t) => {
  const app = await build(t, { delay: { kind: 'manual' } });
  const service = await createService(app, { port_id: BACKEND_A, ports: [mapping(80, 8080)] });
  await settle(app);
  const moved = await call(app, 'PUT', `/vpc-endpoint-services/${service.id}`, { port_id: BACKEND_B });
  t.equal(moved.status, 200);
  t.same(moved.body.ports, [mapping(80, 8080)], 'the mappings stay as they were');
  const onNew = await call(app, 'POST', '/vpc-endpoint-services', serviceBody({ port_id: BACKEND_B, ports: [mapping(1, 8080)] }));
  await expectConflict(t, onNew, `server_port 8080/TCP on port_id ${BACKEND_B}`);
  const onOld = await call(app, 'POST', '/vpc-endpoint-services', serviceBody({ port_id: BACKEND_A, ports: [mapping(1, 8080)] }));
  t.equal(onOld.status, 200, 'the old backend is free');
});
