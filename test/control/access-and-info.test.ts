// Who may use the test-control API, the emulator's info, and the settings behind them.
import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { build, call, createService } from '../helper.js';
import { control, settle } from '../support/control.js';

t.test('VPCEP_CONTROL=off removes the control API (404); health stays', async (t) => {
  const app = await build(t, { control: false });
  for (const [method, path] of [
    ['POST', '/reset'],
    ['GET', '/info'],
    ['GET', '/state'],
    ['GET', '/events'],
  ] as const) {
    const res = await control(app, method, path);
    t.equal(res.status, 404, `${method} ${path}`);
    t.equal(res.body.error_code, 'EndPoint.0005');
  }
  t.equal((await app.inject({ method: 'GET', url: '/_emulator/health' })).statusCode, 200);
  t.notOk(JSON.stringify(app.swagger()).includes('/_emulator/reset'), 'nor is it in the OpenAPI document');
});

t.test('VPCEP_CONTROL_TOKEN: every control call needs the bearer token; health does not', async (t) => {
  const app = await build(t, { controlToken: 's3cret-token' });
  const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }, { authorization: 's3cret-token' }, { 'x-auth-token': 's3cret-token' }];
  for (const headers of attempts) {
    const res = await control(app, 'GET', '/info', undefined, headers);
    t.equal(res.status, 401, JSON.stringify(headers));
    t.equal(res.body.error_code, 'EndPoint.0003');
    t.match(res.body.error_msg, 'Authorization: Bearer');
    t.match(res.headers['www-authenticate'], /^Bearer/);
  }
  const unauthorised = await control(app, 'POST', '/reset');
  t.equal(unauthorised.status, 401, 'no reset without it');
  const ok = await control(app, 'GET', '/info', undefined, { authorization: 'Bearer s3cret-token' });
  t.equal(ok.status, 200);
  t.equal(ok.body.config.VPCEP_CONTROL_TOKEN, '***', 'the token is not shown');
  t.equal((await app.inject({ method: 'GET', url: '/_emulator/health' })).statusCode, 200);
  t.equal((await call(app, 'GET', '/vpc-endpoint-services')).status, 200, 'the cloud API does not need it');
});

t.test('info: versions, region, effective settings with secrets masked, database, counts and clock', async (t) => {
  const app = await build(t, {
    region: 'eu-nl',
    delay: { kind: 'range', minMs: 60_000, maxMs: 120_000 },
    delayEndpointCreate: { kind: 'manual' },
    accessKeys: [{ accessKey: 'AK1', secretKey: 'SK-never-shown', projectId: 'p1' }, { accessKey: 'AK2', secretKey: 'x' }],
  });
  await createService(app);
  const info = (await control(app, 'GET', '/info')).body;
  t.match(info, {
    emulator: { name: 'vpcep-emulator', version: /^\d+\.\d+\.\d+/ },
    api: { service: 'vpcep', version: 'v1' },
    region: 'eu-nl',
    database: ':memory:',
    counts: { endpoint_services: 1, endpoints: 0, pending_transitions: 1 },
    clock: { offset_seconds: 0 },
  });
  t.match(info.config, {
    VPCEP_REGION: 'eu-nl',
    VPCEP_DELAY: '1m-2m',
    VPCEP_DELAY_SERVICE_CREATE: '1m-2m',
    VPCEP_DELAY_ENDPOINT_CREATE: 'manual',
    VPCEP_ACCESS_KEYS: 'AK1:***:p1,AK2:***',
    VPCEP_CONTROL: 'on',
  });
  t.notMatch(JSON.stringify(info), 'SK-never-shown');
});

t.test('per-kind delays: one kind slow, the others instant', async (t) => {
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 }, delayServiceDelete: { kind: 'manual' } });
  const service = await createService(app);
  await new Promise((resolve) => setImmediate(resolve));
  const waited = await control(app, 'GET', `/wait?id=${service.id}&status=available&timeout=10`);
  t.equal(waited.status, 200, 'creating took VPCEP_DELAY (0)');
  await call(app, 'DELETE', `/vpc-endpoint-services/${service.id}`);
  const stuck = await control(app, 'GET', `/wait?id=${service.id}&status=deleted&timeout=0`);
  t.equal(stuck.status, 408, 'deleting waits for a settle');
  await settle(app);
  t.equal((await call(app, 'GET', `/vpc-endpoint-services/${service.id}`)).status, 404);
});

t.test('the control settings: environment variables and flags', async (t) => {
  const config = loadConfig(
    ['--delay-endpoint-create', '2s', '--journal-size', '5'],
    {
      VPCEP_DELAY_SERVICE_CREATE: 'manual',
      VPCEP_DELAY_SERVICE_DELETE: '1h',
      VPCEP_CONTROL: 'off',
      VPCEP_CONTROL_TOKEN: ' tok ',
      VPCEP_SEED: 'examples/seed.json',
    },
  );
  t.match(config, {
    delayServiceCreate: { kind: 'manual' },
    delayServiceDelete: { kind: 'fixed', ms: 3_600_000 },
    delayEndpointCreate: { kind: 'fixed', ms: 2000 },
    delayEndpointDelete: undefined,
    control: false,
    controlToken: 'tok',
    journalSize: 5,
    seed: 'examples/seed.json',
  });
  for (const [env, message] of [
    [{ VPCEP_DELAY_ENDPOINT_DELETE: 'later' }, /VPCEP_DELAY_ENDPOINT_DELETE must be a duration/],
    [{ VPCEP_CONTROL: 'yes' }, /VPCEP_CONTROL must be on or off, got "yes"/],
    [{ VPCEP_JOURNAL_SIZE: '-1' }, /VPCEP_JOURNAL_SIZE must be a whole number/],
  ] as const) {
    t.throws(() => loadConfig([], env), { name: 'ConfigError', message });
  }
});
