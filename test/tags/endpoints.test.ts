// The tag API on the endpoint resource type: the same operations, with resource_name = the endpoint ID.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { build, call, createService, settle } from '../helper.js';
import { findResources, projectTags, tagAction } from './helper.js';

async function createEndpoint(app: FastifyInstance): Promise<{ id: string }> {
  const service = await createService(app, { approval_enabled: false });
  await settle(app);
  const res = await call(app, 'POST', '/vpc-endpoints', {
    endpoint_service_id: service.id,
    vpc_id: '4189d3c2-8882-4871-a3c2-d380272eed80',
    subnet_id: '4189d3c2-8882-4871-a3c2-d380272eed81',
    tags: [{ key: 'env', value: 'prod' }],
  });
  if (res.status !== 200) throw new Error(`create endpoint failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

t.test('endpoints are tagged, listed and found like services, named by their ID', async (t) => {
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 } });
  const endpoint = await createEndpoint(app);
  const action = await tagAction(app, 'endpoint', endpoint.id, { action: 'create', tags: [{ key: 'team', value: 'core' }] });
  t.equal(action.status, 204);
  t.strictSame((await projectTags(app, 'endpoint')).body, {
    tags: [
      { key: 'env', values: ['prod'] },
      { key: 'team', values: ['core'] },
    ],
  });
  const found = await findResources(app, 'endpoint', {
    action: 'filter',
    tags: [{ key: 'team', values: [] }],
    matches: [{ key: 'resource_name', value: endpoint.id.slice(0, 8).toUpperCase() }],
  });
  t.strictSame(found.body, {
    resources: [
      {
        resource_id: endpoint.id,
        resource_name: endpoint.id,
        tags: [
          { key: 'env', value: 'prod' },
          { key: 'team', value: 'core' },
        ],
        resource_detail: null,
      },
    ],
    total_count: 1,
  });
  t.strictSame((await projectTags(app, 'endpoint_service')).body, { tags: [] }, 'the types stay apart');
});
