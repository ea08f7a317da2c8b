// GET /v1/{project_id}/{resource_type}/tags (vpcep-api.md §4.20): the tags in use on the project's
// resources of one type, each key once with its distinct values.
import t from 'tap';
import { OTHER_PROJECT, PROJECT, build, createService } from '../helper.js';
import { projectTags, tagAction } from './helper.js';

const TYPE = 'endpoint_service';

t.test("the project's tags, values grouped per key, keys and values sorted", async (t) => {
  const app = await build(t);
  await createService(app, {
    ports: [{ client_port: 80, server_port: 1001 }],
    tags: [{ key: 'team', value: 'core' }, { key: 'env', value: 'prod' }],
  });
  await createService(app, {
    ports: [{ client_port: 80, server_port: 1002 }],
    tags: [{ key: 'env', value: 'dev' }, { key: 'owner', value: '' }, { key: 'team', value: 'core' }],
  });
  await createService(app, { tags: [{ key: 'env', value: 'other-project' }, { key: 'secret' }] }, OTHER_PROJECT);
  const res = await projectTags(app, TYPE);
  t.equal(res.status, 200);
  t.strictSame(res.body, {
    tags: [
      { key: 'env', values: ['dev', 'prod'] },
      { key: 'owner', values: [''] },
      { key: 'team', values: ['core'] },
    ],
  });
});

t.test('the list follows tag changes at once', async (t) => {
  const app = await build(t);
  const service = await createService(app, { tags: [{ key: 'env', value: 'prod' }] });
  await tagAction(app, TYPE, service.id, { action: 'create', tags: [{ key: 'env', value: 'dev' }, { key: 'x', value: '' }] });
  await tagAction(app, TYPE, service.id, { action: 'delete', tags: [{ key: 'x' }] });
  t.strictSame((await projectTags(app, TYPE)).body, { tags: [{ key: 'env', values: ['dev'] }] });
});

t.test('a project or a type without tagged resources has an empty list', async (t) => {
  const app = await build(t);
  await createService(app, { tags: [{ key: 'env', value: 'prod' }] }, OTHER_PROJECT);
  t.strictSame((await projectTags(app, TYPE)).body, { tags: [] });
  const endpoints = await projectTags(app, 'endpoint', OTHER_PROJECT);
  t.equal(endpoints.status, 200);
  t.strictSame(endpoints.body, { tags: [] });
});

t.test('an unknown resource type is EndPoint.3070', async (t) => {
  const app = await build(t);
  const res = await projectTags(app, 'endpoints');
  t.equal(res.status, 400);
  t.equal(res.body.error_code, 'EndPoint.3070');
});

t.test('the tag routes do not shadow the routes of the resources themselves', async (t) => {
  const app = await build(t);
  await createService(app, { tags: [{ key: 'env', value: 'prod' }] });
  const get = (path: string) =>
    app.inject({ method: 'GET', url: `/v1/${PROJECT}${path}`, headers: { 'x-auth-token': 't' } });
  const service = await get('/vpc-endpoint-services/tags');
  t.equal(service.statusCode, 404, 'a service with the ID "tags", not the tag list');
  t.match(service.json().error_msg, 'endpoint service tags does not exist');
  const endpoint = await get('/vpc-endpoints/tags');
  t.equal(endpoint.statusCode, 404, 'an endpoint with the ID "tags", not the tag list');
  t.notMatch(endpoint.json().error_msg, 'resource_type');
  const quotas = await get('/quotas');
  t.equal(quotas.statusCode, 200);
  t.ok(quotas.json().quotas, 'the quota answer, not a tag route');
});
