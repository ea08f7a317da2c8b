// Two projects end to end: the owner offers a service with approval, the consumer is refused until its
// account is on the whitelist, connects, is accepted, and the service can go only after the endpoint.
import t from 'tap';
import { OTHER_PROJECT as CONSUMER, PROJECT as OWNER, build, call, settle } from '../helper.js';
import {
  actOnConnection,
  availableService,
  changeWhitelist,
  endpointBecomes,
  endpointBody,
  getEndpoint,
  listConnections,
} from './helper.js';

t.test('owner and consumer, from refusal to deletion', async (t) => {
  const app = await build(t, { delay: { kind: 'fixed', ms: 500 } });
  const service = await availableService(app, { service_name: 'shop', approval_enabled: true }, OWNER);

  const refused = await call(app, 'POST', '/vpc-endpoints', endpointBody(service.id), CONSUMER);
  t.equal(refused.status, 400, 'a stranger may not connect');
  t.equal(refused.body.error_code, 'EndPoint.2012');

  const added = await changeWhitelist(app, service.id, 'add', [`iam:domain::${CONSUMER}`], OWNER);
  t.equal(added.status, 200);

  const created = await call(app, 'POST', '/vpc-endpoints', endpointBody(service.id, { port_ip: '192.168.0.12' }), CONSUMER);
  t.equal(created.status, 200, 'a whitelisted account may');
  const endpoint = created.body;
  t.equal(endpoint.status, 'creating');
  t.equal(endpoint.endpoint_service_name, `eu-de.shop.${service.id}`);
  await endpointBecomes(app, endpoint.id, 'pendingAcceptance', CONSUMER);

  const pending = await listConnections(app, service.id, '', OWNER);
  t.same(pending.body.connections.map((c: any) => [c.id, c.status, c.domain_id]), [[endpoint.id, 'pendingAcceptance', CONSUMER]]);

  const accepted = await actOnConnection(app, service.id, 'receive', [endpoint.id], OWNER);
  t.equal(accepted.body.connections[0].status, 'accepted');
  const seen = (await getEndpoint(app, endpoint.id, CONSUMER)).body;
  t.equal(seen.status, 'accepted', 'the consumer sees its endpoint accepted');
  t.equal(seen.ip, '192.168.0.12');
  const connections = await listConnections(app, service.id, '', OWNER);
  t.equal(connections.body.connections[0].status, 'accepted', 'the owner sees the connection accepted');
  t.equal((await call(app, 'GET', `/vpc-endpoint-services/${service.id}`, undefined, OWNER)).body.connection_count, 1);

  const blocked = await call(app, 'DELETE', `/vpc-endpoint-services/${service.id}`, undefined, OWNER);
  t.equal(blocked.status, 400, 'the service is in use');
  t.equal(blocked.body.error_code, 'EndPoint.3006');

  t.equal((await call(app, 'DELETE', `/vpc-endpoints/${endpoint.id}`, undefined, CONSUMER)).status, 204);
  t.equal((await getEndpoint(app, endpoint.id, CONSUMER)).body.status, 'deleting');
  const deleted = await call(app, 'DELETE', `/vpc-endpoint-services/${service.id}`, undefined, OWNER);
  t.equal(deleted.status, 204, 'no wait between deleting the endpoint and the service');

  await settle(app);
  t.equal((await getEndpoint(app, endpoint.id, CONSUMER)).status, 404, 'endpoint gone');
  t.equal((await call(app, 'GET', `/vpc-endpoint-services/${service.id}`, undefined, OWNER)).status, 404, 'service gone');
});
