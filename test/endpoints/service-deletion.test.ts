// Which endpoints keep their service from being deleted: those creating or accepted (EndPoint.3006),
// not those pending, rejected or being deleted.
import t from 'tap';
import { build, call } from '../helper.js';
import { actOnConnection, availableService, createEndpoint, endpointBecomes, frozenWithServices } from './helper.js';

const deleteService = (app: any, id: string) => call(app, 'DELETE', `/vpc-endpoint-services/${id}`);
const serviceStatus = async (app: any, id: string) => (await call(app, 'GET', `/vpc-endpoint-services/${id}`)).body.status;

t.test('an endpoint still creating keeps the service', async (t) => {
  const { app, services } = await frozenWithServices(t, {});
  await createEndpoint(app, services[0].id);
  const res = await deleteService(app, services[0].id);
  t.equal(res.status, 400);
  t.equal(res.body.error_code, 'EndPoint.3006');
  t.match(res.body.error_msg, /^The endpoint service is being used: .*1 endpoint/);
  t.match(res.body.error_msg, /creating or accepted; delete them first$/, 'the message says what to do');
  t.equal(await serviceStatus(app, services[0].id), 'available', 'nothing changed');
});

t.test('an accepted endpoint keeps the service; once rejected it does not', async (t) => {
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 } });
  const service = await availableService(app, { approval_enabled: false });
  const ep = await createEndpoint(app, service.id);
  await endpointBecomes(app, ep.id, 'accepted');
  t.equal((await deleteService(app, service.id)).body.error_code, 'EndPoint.3006');
  await actOnConnection(app, service.id, 'reject', [ep.id]);
  t.equal((await deleteService(app, service.id)).status, 204);
});

t.test('an endpoint waiting for acceptance does not keep the service', async (t) => {
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 } });
  const service = await availableService(app, { approval_enabled: true });
  const ep = await createEndpoint(app, service.id);
  await endpointBecomes(app, ep.id, 'pendingAcceptance');
  t.equal((await deleteService(app, service.id)).status, 204);
});

t.test('an endpoint being deleted does not keep the service, with no wait in between', async (t) => {
  const { app, services } = await frozenWithServices(t, {});
  const ep = await createEndpoint(app, services[0].id);
  t.equal((await call(app, 'DELETE', `/vpc-endpoints/${ep.id}`)).status, 204);
  t.equal((await deleteService(app, services[0].id)).status, 204);
  t.equal(await serviceStatus(app, services[0].id), 'deleting');
});
