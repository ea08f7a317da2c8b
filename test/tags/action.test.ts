// POST /v1/{project_id}/{resource_type}/{resource_id}/tags/action (vpcep-api.md §4.19): create sets or
// overwrites keys, delete removes keys or key=value pairs, 204 with no body, at most 20 tags per resource.
import t from 'tap';
import { randomUUID } from 'node:crypto';
import { AUTH, OTHER_PROJECT, PROJECT, build, createService } from '../helper.js';
import { numberedTags, serviceTags, tagAction } from './helper.js';

const TYPE = 'endpoint_service';

t.test('create answers 204 with an empty body, and the service shows the tags', async (t) => {
  const app = await build(t);
  const service = await createService(app);
  const res = await app.inject({
    method: 'POST',
    url: `/v1/${PROJECT}/${TYPE}/${service.id}/tags/action`,
    headers: AUTH,
    payload: { action: 'create', tags: [{ key: 'env', value: 'prod' }] },
  });
  t.equal(res.statusCode, 204);
  t.equal(res.body, '');
  t.strictSame(await serviceTags(app, service.id), [{ key: 'env', value: 'prod' }]);
});

t.test('create overwrites the value of an existing key in its place and appends new keys', async (t) => {
  const app = await build(t);
  const service = await createService(app, { tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] });
  const res = await tagAction(app, TYPE, service.id, {
    action: 'create',
    tags: [{ key: 'c', value: '3' }, { key: 'a', value: '9' }],
  });
  t.equal(res.status, 204);
  t.strictSame(await serviceTags(app, service.id), [
    { key: 'a', value: '9' },
    { key: 'b', value: '2' },
    { key: 'c', value: '3' },
  ]);
});

t.test('create needs a value for every tag; an empty one is a value', async (t) => {
  const app = await build(t);
  const service = await createService(app);
  const missing = await tagAction(app, TYPE, service.id, { action: 'create', tags: [{ key: 'a', value: '1' }, { key: 'flag' }] });
  t.equal(missing.status, 400);
  t.equal(missing.body.error_code, 'EndPoint.0002');
  t.equal(missing.body.error_msg, 'Parameter error: tags[1].value is required when action is create');
  t.strictSame(await serviceTags(app, service.id), [], 'nothing was set');
  const first = await tagAction(app, TYPE, service.id, { action: 'create', tags: [{ key: 'flag' }] });
  t.equal(first.body.error_msg, 'Parameter error: tags[0].value is required when action is create', 'the first tag too');
  t.equal((await tagAction(app, TYPE, service.id, { action: 'create', tags: [{ key: 'flag', value: '' }] })).status, 204);
  t.strictSame(await serviceTags(app, service.id), [{ key: 'flag', value: '' }]);
});

t.test('delete by key removes the key whatever its value', async (t) => {
  const app = await build(t);
  const service = await createService(app, { tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] });
  t.equal((await tagAction(app, TYPE, service.id, { action: 'delete', tags: [{ key: 'a' }] })).status, 204);
  t.strictSame(await serviceTags(app, service.id), [{ key: 'b', value: '2' }]);
});

t.test('delete by key and value removes the tag only when the value matches', async (t) => {
  const app = await build(t);
  const service = await createService(app, { tags: [{ key: 'a', value: '1' }, { key: 'b', value: '' }] });
  const other = await tagAction(app, TYPE, service.id, { action: 'delete', tags: [{ key: 'a', value: '2' }] });
  t.equal(other.status, 204);
  t.equal((await serviceTags(app, service.id)).length, 2, 'a=1 stays: the value differs');
  // An empty value is a value: it deletes b="" only.
  const empty = await tagAction(app, TYPE, service.id, { action: 'delete', tags: [{ key: 'a', value: '' }] });
  t.equal(empty.status, 204);
  t.equal((await serviceTags(app, service.id)).length, 2, 'a=1 stays: "" is not its value');
  const match = await tagAction(app, TYPE, service.id, {
    action: 'delete',
    tags: [{ key: 'a', value: '1' }, { key: 'b', value: '' }],
  });
  t.equal(match.status, 204);
  t.strictSame(await serviceTags(app, service.id), []);
});

t.test('delete of tags the resource does not have succeeds, repeated keys included', async (t) => {
  const app = await build(t);
  const service = await createService(app, { tags: [{ key: 'a', value: '1' }] });
  const res = await tagAction(app, TYPE, service.id, {
    action: 'delete',
    tags: [{ key: 'missing' }, { key: 'a', value: '0' }, { key: 'a', value: '2' }],
  });
  t.equal(res.status, 204);
  t.strictSame(await serviceTags(app, service.id), [{ key: 'a', value: '1' }]);
});

t.test('the 20-tag limit counts the tags the resource already has', async (t) => {
  const app = await build(t);
  const service = await createService(app, { tags: numberedTags(18) });
  const upTo20 = await tagAction(app, TYPE, service.id, { action: 'create', tags: numberedTags(2, 'new') });
  t.equal(upTo20.status, 204, '18 + 2 new = 20 is allowed');
  t.equal((await serviceTags(app, service.id)).length, 20);

  const past = await tagAction(app, TYPE, service.id, {
    action: 'create',
    tags: [{ key: 'k0', value: 'changed' }, { key: 'one-more', value: 'x' }],
  });
  t.equal(past.status, 400, '20 + 1 new = 21 is refused');
  t.equal(past.body.error_code, 'EndPoint.3069');
  t.match(past.body.error_msg, /has 20 tags and the request adds 1 new key; a resource has at most 20 tags/);
  const after = await serviceTags(app, service.id);
  t.equal(after.length, 20, 'nothing of the refused request was written');
  t.strictSame(after[0], { key: 'k0', value: 'v0' });

  const overwrite = await tagAction(app, TYPE, service.id, { action: 'create', tags: numberedTags(18) });
  t.equal(overwrite.status, 204, 'overwriting existing keys adds nothing');

  await tagAction(app, TYPE, service.id, { action: 'delete', tags: [{ key: 'k0' }] });
  const two = await tagAction(app, TYPE, service.id, { action: 'create', tags: numberedTags(2, 'more') });
  t.equal(two.body.error_msg, `The maximum number of tags has been reached: endpoint_service ${service.id} has 19 tags and the request adds 2 new keys; a resource has at most 20 tags`);
});

t.test('one request carries at most 20 tags', async (t) => {
  const app = await build(t);
  const service = await createService(app);
  const twenty = await tagAction(app, TYPE, service.id, { action: 'create', tags: numberedTags(20) });
  t.equal(twenty.status, 204);
  const more = await tagAction(app, TYPE, service.id, { action: 'create', tags: numberedTags(21) });
  t.equal(more.status, 400);
  t.equal(more.body.error_code, 'EndPoint.3069');
  t.match(more.body.error_msg, /tags must have at most 20 items/);
});

t.test('a key given twice in one create is refused', async (t) => {
  const app = await build(t);
  const service = await createService(app);
  const res = await tagAction(app, TYPE, service.id, {
    action: 'create',
    tags: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }],
  });
  t.equal(res.status, 400);
  t.equal(res.body.error_code, 'EndPoint.3067');
  t.match(res.body.error_msg, /tags\[1\]\.key "a" is given twice/);
  t.strictSame(await serviceTags(app, service.id), []);
});

t.test('tag keys and values follow the rules of the tag API pages', async (t) => {
  const app = await build(t);
  const service = await createService(app);
  const cases: { name: string; tag: Record<string, unknown>; code?: string; field?: string }[] = [
    { name: 'key of 36 characters', tag: { key: 'k'.repeat(36), value: 'v' } },
    { name: 'key of 37 characters', tag: { key: 'k'.repeat(37), value: 'v' }, code: 'EndPoint.3072', field: 'key' },
    { name: 'value of 43 characters', tag: { key: 'long', value: 'v'.repeat(43) } },
    { name: 'value of 44 characters', tag: { key: 'k', value: 'v'.repeat(44) }, code: 'EndPoint.3073', field: 'value' },
    { name: 'every allowed character, letters of any script', tag: { key: 'Az09_@-äЖ', value: 'Az09_@-中' } },
    { name: 'empty key', tag: { key: '', value: 'v' }, code: 'EndPoint.3066', field: 'key' },
    { name: 'missing key', tag: { value: 'v' }, code: 'EndPoint.3066', field: 'key' },
    { name: 'key with a space', tag: { key: 'a b', value: 'v' }, code: 'EndPoint.3068', field: 'key' },
    { name: 'key with a dot (allowed when creating a service)', tag: { key: 'a.b', value: 'v' }, code: 'EndPoint.3068', field: 'key' },
    { name: 'key with a slash', tag: { key: 'a/b', value: 'v' }, code: 'EndPoint.3068', field: 'key' },
    { name: 'value with a colon', tag: { key: 'k', value: 'a:b' }, code: 'EndPoint.3068', field: 'value' },
    { name: 'value with an asterisk', tag: { key: 'k', value: 'a*' }, code: 'EndPoint.3068', field: 'value' },
    { name: 'value that is a number', tag: { key: 'k', value: 5 }, code: 'EndPoint.3068', field: 'value' },
  ];
  for (const c of cases) {
    const res = await tagAction(app, TYPE, service.id, { action: 'create', tags: [c.tag] });
    if (!c.code) {
      t.equal(res.status, 204, c.name);
      continue;
    }
    t.equal(res.status, 400, c.name);
    t.equal(res.body.error_code, c.code, c.name);
    t.match(res.body.error_msg, `tags[0].${c.field}`, c.name);
  }
});

t.test('action and tags are required and checked', async (t) => {
  const app = await build(t);
  const service = await createService(app);
  const cases: { name: string; body: unknown; code: string; text: string }[] = [
    { name: 'unknown action', body: { action: 'update', tags: [{ key: 'a' }] }, code: 'EndPoint.0007', text: 'action must be one of create, delete' },
    { name: 'no action', body: { tags: [{ key: 'a' }] }, code: 'EndPoint.0002', text: 'action is required' },
    { name: 'no tags', body: { action: 'create' }, code: 'EndPoint.0002', text: 'tags is required' },
    { name: 'empty tags', body: { action: 'delete', tags: [] }, code: 'EndPoint.3066', text: 'tags must have at least 1 item' },
    { name: 'tags not a list', body: { action: 'create', tags: { key: 'a' } }, code: 'EndPoint.0002', text: 'tags must be an array' },
    { name: 'no body', body: undefined, code: 'EndPoint.0002', text: 'is required' },
  ];
  for (const c of cases) {
    const res = await tagAction(app, TYPE, service.id, c.body);
    t.equal(res.status, 400, c.name);
    t.equal(res.body.error_code, c.code, c.name);
    t.match(res.body.error_msg, c.text, c.name);
  }
});

t.test('an unknown resource type is EndPoint.3070', async (t) => {
  const app = await build(t);
  const service = await createService(app);
  for (const type of ['endpoint_services', 'vpc-endpoint-services', 'Endpoint']) {
    const res = await tagAction(app, type, service.id, { action: 'create', tags: [{ key: 'a', value: '' }] });
    t.equal(res.status, 400, type);
    t.equal(res.body.error_code, 'EndPoint.3070', type);
    t.match(res.body.error_msg, 'resource_type must be one of endpoint_service, endpoint', type);
  }
});

t.test("another project's service, a missing one and a wrong type are not found", async (t) => {
  const app = await build(t);
  const foreign = await createService(app, { tags: [{ key: 'a', value: '1' }] }, OTHER_PROJECT);
  const mine = await createService(app, { ports: [{ client_port: 80, server_port: 81 }] });
  const body = { action: 'delete', tags: [{ key: 'a' }] };
  for (const [type, id] of [
    [TYPE, foreign.id],
    [TYPE, randomUUID()],
    ['endpoint', mine.id],
    ['endpoint', randomUUID()],
  ]) {
    const res = await tagAction(app, type, id, body);
    t.equal(res.status, 404, `${type} ${id}`);
    t.equal(res.body.error_code, 'EndPoint.0005');
    t.match(res.body.error_msg, `${type} ${id} does not exist in project ${PROJECT}`);
  }
  t.strictSame(await serviceTags(app, foreign.id, OTHER_PROJECT), [{ key: 'a', value: '1' }]);
});

t.test('credentials are required', async (t) => {
  const app = await build(t);
  const service = await createService(app);
  const res = await app.inject({
    method: 'POST',
    url: `/v1/${PROJECT}/${TYPE}/${service.id}/tags/action`,
    payload: { action: 'create', tags: [{ key: 'a' }] },
  });
  t.equal(res.statusCode, 401);
  t.equal(res.json().error_code, 'EndPoint.0003');
});
