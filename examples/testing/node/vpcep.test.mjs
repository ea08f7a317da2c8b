// Tests against the emulator with node:test and fetch: each test starts from a clean state, creates
// through the VPCEP API, settles or waits through the test-control API, and reads the request journal
// after an injected fault. Run: node --test (VPCEP_EMULATOR defaults to http://127.0.0.1:9600).
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';

const EMULATOR = process.env.VPCEP_EMULATOR ?? 'http://127.0.0.1:9600';
const PROJECT = '6e9dfd51d1124e8d8498dce894923a0d';

/** One call to the emulator; answers the status and the JSON body (undefined for 204). */
async function call(method, path, body) {
  const res = await fetch(`${EMULATOR}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-auth-token': 'any-token' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
}

const vpcep = (method, path, body) => call(method, `/v1/${PROJECT}${path}`, body);
const emulator = {
  reset: () => call('POST', '/_emulator/reset'),
  settle: (id) => call('POST', `/_emulator/settle${id ? `?id=${id}` : ''}`),
  wait: (id, status, seconds = 30) => call('GET', `/_emulator/wait?id=${id}&status=${status}&timeout=${seconds}`),
  faults: (rules) => call('PUT', '/_emulator/faults', { rules }),
  requests: (query = '') => call('GET', `/_emulator/requests${query}`),
};

const newService = () =>
  vpcep('POST', '/vpc-endpoint-services', {
    port_id: '4189d3c2-8882-4871-a3c2-d380272eed88',
    vpc_id: '4189d3c2-8882-4871-a3c2-d380272eed80',
    server_type: 'LB',
    ports: [{ client_port: 80, server_port: 8080 }],
  });

beforeEach(async () => {
  await emulator.reset();
  await call('DELETE', '/_emulator/faults');
  await call('DELETE', '/_emulator/requests');
});

test('a new service becomes available', async () => {
  const created = await newService();
  assert.equal(created.body.status, 'creating');
  await emulator.settle(created.body.id); // instead of waiting one or two minutes
  const got = await vpcep('GET', `/vpc-endpoint-services/${created.body.id}`);
  assert.equal(got.body.status, 'available');
});

test('a deleted service is gone', async () => {
  const created = await newService();
  await emulator.settle();
  assert.equal((await vpcep('DELETE', `/vpc-endpoint-services/${created.body.id}`)).status, 204);
  await emulator.settle();
  const gone = await emulator.wait(created.body.id, 'deleted'); // with a real delay, this waits
  assert.equal(gone.status, 200);
  assert.equal((await vpcep('GET', `/vpc-endpoint-services/${created.body.id}`)).status, 404);
});

test('a fault reaches the caller once and shows in the journal', async () => {
  await emulator.faults([
    { method: 'POST', path: '/v1/*/vpc-endpoint-services', times: 1, status: 500, error_code: 'EndPoint.0001', error_msg: 'System error. Please retry.' },
  ]);
  assert.equal((await newService()).status, 500);
  assert.equal((await newService()).status, 200);
  const journal = await emulator.requests('?operation=CreateEndpointService');
  assert.deepEqual(
    journal.body.requests.map((r) => [r.status, r.fault]),
    [[200, false], [500, true]],
  );
});
