// Quotas: the query, the limits on create, and their configuration.
import t from 'tap';
import { helpText, loadConfig } from '../../src/config.js';
import { OTHER_PROJECT, build, call, createService, serviceBody } from '../helper.js';
import { availableService, createEndpoint, endpointBecomes, endpointBody, frozenWithServices } from '../endpoints/helper.js';

t.test('the quota query: both types by default, or the one asked for', async (t) => {
  const { app, services } = await frozenWithServices(t, {}, {});
  const ep = await createEndpoint(app, services[0].id);
  const all = await call(app, 'GET', '/quotas');
  t.equal(all.status, 200);
  t.same(all.body, {
    quotas: {
      resources: [
        { type: 'endpoint', used: 1, quota: 50 },
        { type: 'endpoint_service', used: 2, quota: 20 },
      ],
    },
  });
  t.same((await call(app, 'GET', '/quotas?type=endpoint_service')).body.quotas.resources, [
    { type: 'endpoint_service', used: 2, quota: 20 },
  ]);
  t.same((await call(app, 'GET', '/quotas?type=endpoint')).body.quotas.resources, [{ type: 'endpoint', used: 1, quota: 50 }]);
  t.same((await call(app, 'GET', '/quotas', undefined, OTHER_PROJECT)).body.quotas.resources.map((r: any) => r.used), [0, 0],
    'per project');

  await call(app, 'DELETE', `/vpc-endpoints/${ep.id}`);
  t.equal((await call(app, 'GET', '/quotas?type=endpoint')).body.quotas.resources[0].used, 1, 'a deleting endpoint still counts');

  const bad = await call(app, 'GET', '/quotas?type=vpc');
  t.equal(bad.status, 400);
  t.equal(bad.body.error_code, 'EndPoint.3070');
  t.match(bad.body.error_msg, 'type');
});

t.test('a project over its service quota gets Endpoint.1018', async (t) => {
  const app = await build(t, { quotaServices: 1 });
  await createService(app);
  const over = await call(app, 'POST', '/vpc-endpoint-services', serviceBody({ ports: [{ client_port: 1, server_port: 1 }] }));
  t.equal(over.status, 400);
  t.equal(over.body.error_code, 'Endpoint.1018', 'spelled with a lowercase p, as documented');
  t.match(over.body.error_msg, /^Quota exceeded: .*endpoint_service/);
  t.equal((await call(app, 'GET', '/vpc-endpoint-services')).body.total_count, 1, 'nothing was created');
  const elsewhere = await call(app, 'POST', '/vpc-endpoint-services', serviceBody({ ports: [{ client_port: 1, server_port: 1 }] }), OTHER_PROJECT);
  t.equal(elsewhere.status, 200, 'another project has its own quota');
  t.same((await call(app, 'GET', '/quotas?type=endpoint_service')).body.quotas.resources[0], {
    type: 'endpoint_service',
    used: 1,
    quota: 1,
  });
});

t.test('a project over its endpoint quota gets Endpoint.1018 until an endpoint is gone', async (t) => {
  const app = await build(t, { quotaEndpoints: 2, delay: { kind: 'fixed', ms: 0 } });
  const service = await availableService(app, { approval_enabled: false });
  const first = await createEndpoint(app, service.id);
  await createEndpoint(app, service.id);
  const over = await call(app, 'POST', '/vpc-endpoints', endpointBody(service.id));
  t.equal(over.status, 400);
  t.equal(over.body.error_code, 'Endpoint.1018');
  t.match(over.body.error_msg, 'endpoint');
  await call(app, 'DELETE', `/vpc-endpoints/${first.id}`);
  await endpointBecomes(app, first.id, undefined);
  t.equal((await call(app, 'POST', '/vpc-endpoints', endpointBody(service.id))).status, 200);
});

t.test('a quota of 0 allows nothing', async (t) => {
  const app = await build(t, { quotaServices: 0 });
  t.equal((await call(app, 'POST', '/vpc-endpoint-services', serviceBody())).body.error_code, 'Endpoint.1018');
});

t.test('VPCEP_QUOTA_SERVICES and VPCEP_QUOTA_ENDPOINTS, and their flags', async (t) => {
  const fromEnv = loadConfig([], { VPCEP_QUOTA_SERVICES: '5', VPCEP_QUOTA_ENDPOINTS: '7' });
  t.equal(fromEnv.quotaServices, 5);
  t.equal(fromEnv.quotaEndpoints, 7);
  const fromFlags = loadConfig(['--quota-services', '0', '--quota-endpoints=100'], { VPCEP_QUOTA_SERVICES: '5' });
  t.equal(fromFlags.quotaServices, 0);
  t.equal(fromFlags.quotaEndpoints, 100);
  for (const [env, name] of [
    [{ VPCEP_QUOTA_SERVICES: '-1' }, 'VPCEP_QUOTA_SERVICES'],
    [{ VPCEP_QUOTA_ENDPOINTS: 'many' }, 'VPCEP_QUOTA_ENDPOINTS'],
    [{ VPCEP_QUOTA_ENDPOINTS: '1.5' }, 'VPCEP_QUOTA_ENDPOINTS'],
  ] as const) {
    t.throws(() => loadConfig([], env), { name: 'ConfigError', message: new RegExp(`${name} must be a whole number`) });
  }
  const help = helpText();
  for (const word of ['VPCEP_QUOTA_SERVICES', 'VPCEP_QUOTA_ENDPOINTS', '--quota-services', '--quota-endpoints']) {
    t.match(help, word);
  }
  const rows = help.split('\n').filter((line) => /^  --(?!help|version)/.test(line));
  const columns = rows.map((line) => line.search(/[A-Z]/));
  t.equal(new Set(columns).size, 1, 'the variable column lines up');
});
