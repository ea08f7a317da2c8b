// Failing resources on purpose, and waiting for a status instead of polling.
import t from 'tap';
import { OTHER_PROJECT, build, call, createService } from '../helper.js';
import { createEndpoint } from '../endpoints/helper.js';
import { control, settle, waitFor } from '../support/control.js';

const CONSUMER = OTHER_PROJECT;

async function serviceWithEndpoint(app: any, approval = true, portId = '4189d3c2-8882-4871-a3c2-d380272eed88') {
  const service = await createService(app, { approval_enabled: approval, port_id: portId });
  await settle(app);
  await call(app, 'POST', `/vpc-endpoint-services/${service.id}/permissions/action`, {
    action: 'add',
    permissions: [`iam:domain::${CONSUMER}`],
  });
  const endpoint = await createEndpoint(app, service.id, {}, CONSUMER);
  return { service, endpoint };
}

t.test('a failed service shows failed with its error in get and list, and can be deleted', async (t) => {
  const app = await build(t);
  const service = await createService(app);
  const failed = await control(app, 'POST', `/resources/${service.id}/fail`, {
    error_code: 'EndPoint.3001',
    error_message: 'The backend is unreachable.',
  });
  t.equal(failed.status, 200);
  t.match(failed.body, { kind: 'endpoint_service', id: service.id, status: 'failed', resource: { status: 'failed' } });
  const error = [{ error_code: 'EndPoint.3001', error_message: 'The backend is unreachable.' }];
  t.same((await call(app, 'GET', `/vpc-endpoint-services/${service.id}`)).body.error, error);
  const listed = (await call(app, 'GET', '/vpc-endpoint-services')).body.endpoint_services[0];
  t.same([listed.status, listed.error], ['failed', error]);
  t.same(await settle(app), [], 'its pending creation was cancelled');
  const modify = await call(app, 'PUT', `/vpc-endpoint-services/${service.id}`, { description: 'x' });
  t.equal(modify.body.error_code, 'EndPoint.3045', 'a failed service cannot be modified');

  t.equal((await call(app, 'DELETE', `/vpc-endpoint-services/${service.id}`)).status, 204);
  const deleting = (await call(app, 'GET', `/vpc-endpoint-services/${service.id}`)).body;
  t.equal(deleting.status, 'deleting');
  t.equal(deleting.error, undefined, 'the error goes with the failed status');
  await settle(app);
  t.equal((await call(app, 'GET', `/vpc-endpoint-services/${service.id}`)).status, 404);
});

t.test('a failed endpoint: failed in get, list and connections; no accepting it; deletable', async (t) => {
  const app = await build(t);
  const { service, endpoint } = await serviceWithEndpoint(app);
  await settle(app);
  const failed = await control(app, 'POST', `/resources/${endpoint.id}/fail`, {});
  t.equal(failed.status, 200);
  const defaults = [{ error_code: 'EndPoint.0001', error_message: 'System error. Please retry.' }];
  t.same((await call(app, 'GET', `/vpc-endpoints/${endpoint.id}`, undefined, CONSUMER)).body.error, defaults);
  t.same((await call(app, 'GET', '/vpc-endpoints', undefined, CONSUMER)).body.endpoints[0].error, defaults);
  const connection = (await call(app, 'GET', `/vpc-endpoint-services/${service.id}/connections`)).body.connections[0];
  t.same([connection.status, connection.error], ['failed', defaults]);
  const accept = await call(app, 'POST', `/vpc-endpoint-services/${service.id}/connections/action`, {
    action: 'receive',
    endpoints: [endpoint.id],
  });
  t.equal(accept.status, 400);
  t.equal(accept.body.error_code, 'EndPoint.2047');
  t.equal((await call(app, 'DELETE', `/vpc-endpoints/${endpoint.id}`, undefined, CONSUMER)).status, 204);
});

t.test('fail: an unknown id is a 404; the error fields are checked', async (t) => {
  const app = await build(t);
  const unknown = await control(app, 'POST', '/resources/nothing/fail', {});
  t.equal(unknown.status, 404);
  t.equal(unknown.body.error_code, 'EndPoint.0005');
  const service = await createService(app);
  const bad = await control(app, 'POST', `/resources/${service.id}/fail`, { error_code: '' });
  t.equal(bad.status, 400);
  t.match(bad.body.error_msg, 'error_code');
});

t.test('wait answers at once when the status is reached, or as soon as it is', async (t) => {
  const app = await build(t);
  const service = await createService(app);
  const now = await waitFor(app, service.id, 'creating');
  t.equal(now.status, 200);
  t.match(now.body, { kind: 'endpoint_service', id: service.id, status: 'creating', resource: { id: service.id } });

  const later = waitFor(app, service.id, 'available', 30);
  await settle(app);
  const reached = await later;
  t.equal(reached.status, 200);
  t.equal(reached.body.resource.status, 'available');

  const gone = waitFor(app, service.id, 'deleted', 30);
  await call(app, 'DELETE', `/vpc-endpoint-services/${service.id}`);
  await settle(app);
  t.same((await gone).body, { kind: 'endpoint_service', id: service.id, status: 'deleted' });
  t.equal((await waitFor(app, service.id, 'deleted')).status, 200, 'an id that is gone is deleted');
});

t.test('wait answers 408 saying where the resource is and why it is stuck', async (t) => {
  const app = await build(t);
  const { service, endpoint } = await serviceWithEndpoint(app);
  const creating = await waitFor(app, endpoint.id, 'accepted', 0);
  t.equal(creating.status, 408);
  t.equal(creating.body.error_code, 'Emulator.0001');
  t.match(creating.body.error_msg, `endpoint ${endpoint.id} is creating: VPCEP_DELAY is manual, call /_emulator/settle`);

  await settle(app);
  const pending = await waitFor(app, endpoint.id, 'accepted', 0.2);
  t.equal(pending.status, 408);
  t.match(
    pending.body.error_msg,
    `endpoint ${endpoint.id} is pendingAcceptance: waiting for the owner of service ${service.id} to accept the connection`,
  );

  await control(app, 'POST', `/resources/${endpoint.id}/fail`, { error_code: 'EndPoint.9999', error_message: 'broken' });
  const failed = await waitFor(app, endpoint.id, 'accepted', 30);
  t.equal(failed.status, 408, 'a failed resource will not get there: the answer comes at once');
  t.match(failed.body.error_msg, 'is failed: it failed with EndPoint.9999 (broken)');
});

t.test('wait names the per-kind setting and the due time', async (t) => {
  const app = await build(t, {
    delay: { kind: 'fixed', ms: 0 },
    delayServiceCreate: { kind: 'manual' },
    delayEndpointDelete: { kind: 'fixed', ms: 90_000 },
  });
  const service = await createService(app);
  const stuck = await waitFor(app, service.id, 'available', 0);
  t.match(stuck.body.error_msg, 'is creating: VPCEP_DELAY_SERVICE_CREATE is manual');
  await settle(app);
  const { endpoint } = await serviceWithEndpoint(app, false, '99999999-9999-4999-8999-999999999999');
  t.equal((await waitFor(app, endpoint.id, 'accepted')).status, 200, 'the endpoint delay is still 0');
  await call(app, 'DELETE', `/vpc-endpoints/${endpoint.id}`, undefined, CONSUMER);
  const deleting = await waitFor(app, endpoint.id, 'deleted', 0);
  t.match(deleting.body.error_msg, /is deleting: it becomes deleted at \S+, in 90 s \(VPCEP_DELAY_ENDPOINT_DELETE\)/);
});

t.test('wait checks its question', async (t) => {
  const app = await build(t);
  const service = await createService(app);
  const unknown = await waitFor(app, 'nothing', 'available');
  t.equal(unknown.status, 404);
  const impossible = await waitFor(app, service.id, 'accepted');
  t.equal(impossible.status, 400);
  t.equal(impossible.body.error_code, 'EndPoint.0019');
  const long = await control(app, 'GET', `/wait?id=${service.id}&status=available&timeout=301`);
  t.equal(long.status, 400);
  t.match(long.body.error_msg, 'timeout');
});

t.test('a wait in progress ends when the emulator closes', async (t) => {
  const app = await build(t);
  const service = await createService(app);
  const waiting = waitFor(app, service.id, 'available', 300);
  await new Promise((resolve) => setImmediate(resolve));
  await app.close();
  const answer = await waiting;
  t.equal(answer.status, 503);
  t.equal(answer.body.error_code, 'Emulator.0002');
});
