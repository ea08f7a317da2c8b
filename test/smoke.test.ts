import t from 'tap';
import { build, call, createService } from './helper.js';

t.test('a service can be created and read back', async (t) => {
  const app = await build(t);
  const created = await createService(app, { service_name: 'smoke' });
  t.equal(created.status, 'creating');
  const got = await call(app, 'GET', `/vpc-endpoint-services/${created.id}`);
  t.equal(got.status, 200);
  t.equal(got.body.service_name, `eu-de.smoke.${created.id}`);
});
