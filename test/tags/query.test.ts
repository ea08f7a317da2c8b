// POST /v1/{project_id}/{resource_type}/resource_instances/action (vpcep-api.md §4.18): filter or count
// the project's resources by tags, tags_any, not_tags, not_tags_any and matches, with string limit/offset.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { OTHER_PROJECT, PROJECT, build, createService } from '../helper.js';
import { findResources } from './helper.js';

const TYPE = 'endpoint_service';

/**
 * Four services of PROJECT, created in this order (so listed D, C, B, A), and one of another project:
 *   A "alpha"  env=prod team=core
 *   B "beta"   env=dev  team=core
 *   C "gamma"  env=prod
 *   D (no name, no tags)
 */
async function fixture(app: FastifyInstance) {
  const make = (port: number, extra: Record<string, unknown>, project = PROJECT) =>
    createService(app, { ports: [{ client_port: 80, server_port: port }], ...extra }, project);
  const A = await make(1, { service_name: 'alpha', tags: [{ key: 'env', value: 'prod' }, { key: 'team', value: 'core' }] });
  const B = await make(2, { service_name: 'beta', tags: [{ key: 'env', value: 'dev' }, { key: 'team', value: 'core' }] });
  const C = await make(3, { service_name: 'gamma', tags: [{ key: 'env', value: 'prod' }] });
  const D = await make(4, {});
  await make(5, { service_name: 'alpha', tags: [{ key: 'env', value: 'prod' }] }, OTHER_PROJECT);
  return { A, B, C, D };
}

type Fixture = Awaited<ReturnType<typeof fixture>>;

/** The names (A, B, ...) of the resources a filter finds, in answer order. */
async function found(app: FastifyInstance, fx: Fixture, body: Record<string, unknown>): Promise<string[]> {
  const res = await findResources(app, TYPE, { action: 'filter', ...body });
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  const names = new Map(Object.entries(fx).map(([letter, service]) => [service.id, letter]));
  return res.body.resources.map((r: { resource_id: string }) => names.get(r.resource_id));
}

t.test('without conditions, every resource of the project, newest first, in the documented shape', async (t) => {
  const app = await build(t);
  const fx = await fixture(app);
  const res = await findResources(app, TYPE, { action: 'filter' });
  t.equal(res.status, 200);
  t.equal(res.body.total_count, 4);
  t.strictSame(
    res.body.resources.map((r: { resource_id: string }) => r.resource_id),
    [fx.D.id, fx.C.id, fx.B.id, fx.A.id],
  );
  t.strictSame(res.body.resources[3], {
    resource_id: fx.A.id,
    resource_name: `eu-de.alpha.${fx.A.id}`,
    tags: [
      { key: 'env', value: 'prod' },
      { key: 'team', value: 'core' },
    ],
    resource_detail: null,
  });
  t.strictSame(res.body.resources[0], {
    resource_id: fx.D.id,
    resource_name: `eu-de.${fx.D.id}`,
    tags: [],
    resource_detail: null,
  });
});

t.test('tags: every key, each with one of its values; [] is any value', async (t) => {
  const app = await build(t);
  const fx = await fixture(app);
  t.strictSame(await found(app, fx, { tags: [{ key: 'env', values: ['prod'] }] }), ['C', 'A']);
  t.strictSame(await found(app, fx, { tags: [{ key: 'env', values: ['prod', 'dev'] }] }), ['C', 'B', 'A']);
  t.strictSame(await found(app, fx, { tags: [{ key: 'env', values: [] }] }), ['C', 'B', 'A']);
  t.strictSame(
    await found(app, fx, { tags: [{ key: 'env', values: ['prod'] }, { key: 'team', values: [] }] }),
    ['A'],
  );
  t.strictSame(await found(app, fx, { tags: [{ key: 'env', values: ['test'] }] }), []);
});

t.test('tags_any: at least one of the keys with one of its values', async (t) => {
  const app = await build(t);
  const fx = await fixture(app);
  t.strictSame(
    await found(app, fx, { tags_any: [{ key: 'env', values: ['dev'] }, { key: 'team', values: [] }] }),
    ['B', 'A'],
  );
  t.strictSame(
    await found(app, fx, { tags_any: [{ key: 'env', values: ['prod'] }, { key: 'team', values: ['core'] }] }),
    ['C', 'B', 'A'],
  );
});

t.test('not_tags: all but the resources having every one of the keys', async (t) => {
  const app = await build(t);
  const fx = await fixture(app);
  t.strictSame(
    await found(app, fx, { not_tags: [{ key: 'env', values: ['prod'] }, { key: 'team', values: [] }] }),
    ['D', 'C', 'B'],
  );
  t.strictSame(await found(app, fx, { not_tags: [{ key: 'env', values: [] }] }), ['D']);
});

t.test('not_tags_any: the resources having none of the keys', async (t) => {
  const app = await build(t);
  const fx = await fixture(app);
  t.strictSame(
    await found(app, fx, { not_tags_any: [{ key: 'env', values: ['prod'] }, { key: 'team', values: [] }] }),
    ['D'],
  );
  t.strictSame(await found(app, fx, { not_tags_any: [{ key: 'team', values: ['core'] }] }), ['D', 'C']);
});

t.test('conditions combine, and keys and values are trimmed', async (t) => {
  const app = await build(t);
  const fx = await fixture(app);
  t.strictSame(
    await found(app, fx, {
      tags: [{ key: ' env ', values: [' prod'] }],
      not_tags_any: [{ key: 'team', values: [] }],
    }),
    ['C'],
  );
  t.strictSame(
    await found(app, fx, {
      tags_any: [{ key: 'env', values: ['dev', 'prod'] }],
      matches: [{ key: 'resource_name', value: 'a' }],
      not_tags: [{ key: 'env', values: ['dev'] }],
    }),
    ['C', 'A'],
    'gamma and alpha contain "a"; beta is excluded by not_tags',
  );
});

t.test('matches resource_name: case-insensitive substring, empty value exact', async (t) => {
  const app = await build(t);
  const fx = await fixture(app);
  t.strictSame(await found(app, fx, { matches: [{ key: 'resource_name', value: 'ALP' }] }), ['A']);
  t.strictSame(await found(app, fx, { matches: [{ key: 'resource_name', value: fx.D.id.toUpperCase() }] }), ['D']);
  t.strictSame(await found(app, fx, { matches: [{ key: 'resource_name', value: 'EU-DE.' }] }), ['D', 'C', 'B', 'A']);
  t.strictSame(await found(app, fx, { matches: [{ key: 'resource_name', value: '' }] }), []);
  t.strictSame(await found(app, fx, { matches: [] }), ['D', 'C', 'B', 'A']);
});

t.test('count answers only total_count', async (t) => {
  const app = await build(t);
  await fixture(app);
  const res = await findResources(app, TYPE, { action: 'count', tags: [{ key: 'env', values: ['prod'] }] });
  t.equal(res.status, 200);
  t.strictSame(res.body, { total_count: 2 });
  t.strictSame((await findResources(app, TYPE, { action: 'count' })).body, { total_count: 4 });
});

t.test('limit and offset page through the matches; total_count counts them all', async (t) => {
  const app = await build(t);
  const fx = await fixture(app);
  const page = async (limit?: string, offset?: string) => {
    const res = await findResources(app, TYPE, { action: 'filter', limit, offset });
    return { total: res.body.total_count, ids: res.body.resources.map((r: { resource_id: string }) => r.resource_id) };
  };
  t.strictSame(await page('2'), { total: 4, ids: [fx.D.id, fx.C.id] });
  t.strictSame(await page('2', '2'), { total: 4, ids: [fx.B.id, fx.A.id] });
  t.strictSame(await page(undefined, '3'), { total: 4, ids: [fx.A.id] });
  t.strictSame(await page('1', '0'), { total: 4, ids: [fx.D.id] });
  t.strictSame(await page('1000', '10'), { total: 4, ids: [] });
});

t.test('limit is 1 to 1000 and offset at least 0, both strings of digits, neither with count', async (t) => {
  const app = await build(t);
  await fixture(app);
  const cases: { name: string; body: Record<string, unknown>; code: string; text: string }[] = [
    { name: 'limit 0', body: { limit: '0' }, code: 'EndPoint.0006', text: 'limit must be from 1 to 1000, not 0' },
    { name: 'limit 1001', body: { limit: '1001' }, code: 'EndPoint.0006', text: 'limit must be from 1 to 1000, not 1001' },
    { name: 'limit negative', body: { limit: '-1' }, code: 'EndPoint.0006', text: 'limit must be a string of digits' },
    { name: 'limit not digits', body: { limit: '1e2' }, code: 'EndPoint.0006', text: 'limit must be a string of digits' },
    { name: 'limit empty', body: { limit: '' }, code: 'EndPoint.0006', text: 'limit must be a string of digits' },
    { name: 'limit a number', body: { limit: 10 }, code: 'EndPoint.0006', text: 'limit must be a string, not an integer' },
    { name: 'offset negative', body: { offset: '-1' }, code: 'EndPoint.0010', text: 'offset must be a string of digits' },
    { name: 'offset a number', body: { offset: 0 }, code: 'EndPoint.0010', text: 'offset must be a string' },
    { name: 'limit with count', body: { action: 'count', limit: '10' }, code: 'EndPoint.0006', text: 'limit is not allowed with action count' },
    { name: 'offset with count', body: { action: 'count', offset: '0' }, code: 'EndPoint.0010', text: 'offset is not allowed with action count' },
  ];
  for (const c of cases) {
    const res = await findResources(app, TYPE, { action: 'filter', ...c.body });
    t.equal(res.status, 400, c.name);
    t.equal(res.body.error_code, c.code, c.name);
    t.match(res.body.error_msg, c.text, c.name);
  }
  for (const limit of ['1', '1000', '0005']) {
    t.equal((await findResources(app, TYPE, { action: 'filter', limit })).status, 200, `limit ${limit}`);
  }
});

/** `n` distinct strings of the given length. */
function strings(n: number, length = 3): string[] {
  return Array.from({ length: n }, (_, i) => String(i).padStart(length, 'x'));
}

t.test('filter limits: 20 keys, 10 values per key, key 127 and value 255 characters', async (t) => {
  const app = await build(t);
  await fixture(app);
  const filters = (n: number) => strings(n).map((key) => ({ key, values: [] }));
  const cases: { name: string; filter: unknown[]; code?: string; text?: string }[] = [
    { name: '20 keys', filter: filters(20) },
    { name: '21 keys', filter: filters(21), code: 'EndPoint.0002', text: ' must have at most 20 items' },
    { name: '10 values', filter: [{ key: 'env', values: strings(10) }] },
    { name: '11 values', filter: [{ key: 'env', values: strings(11) }], code: 'EndPoint.0002', text: '[0].values must have at most 10 items' },
    { name: 'key of 127', filter: [{ key: 'k'.repeat(127), values: [] }] },
    { name: 'key of 128', filter: [{ key: 'k'.repeat(128), values: [] }], code: 'EndPoint.3072', text: '[0].key must be at most 127' },
    { name: 'value of 255', filter: [{ key: 'env', values: ['v'.repeat(255)] }] },
    { name: 'value of 256', filter: [{ key: 'env', values: ['v'.repeat(256)] }], code: 'EndPoint.3073', text: '[0].values[0] must be at most 255' },
    { name: 'any characters', filter: [{ key: '*/<>', values: ['*value1', 'ü'] }] },
    { name: 'blank key', filter: [{ key: '  ', values: [] }], code: 'EndPoint.3066', text: '[0].key must be non-blank' },
    { name: 'empty key', filter: [{ key: '', values: [] }], code: 'EndPoint.3066', text: '[0].key must be non-blank' },
    { name: 'no key', filter: [{ values: [] }], code: 'EndPoint.3066', text: '[0].key is required' },
    { name: 'no values', filter: [{ key: 'env' }], code: 'EndPoint.0002', text: '[0].values is required' },
    { name: 'repeated key', filter: [{ key: 'env', values: [] }, { key: 'env ', values: ['x'] }], code: 'EndPoint.3067', text: '[1].key "env" is given twice' },
    { name: 'repeated value', filter: [{ key: 'env', values: ['a', 'b', ' a'] }], code: 'EndPoint.3071', text: '[0].values[2] "a" is given twice' },
  ];
  for (const field of ['tags', 'tags_any', 'not_tags', 'not_tags_any']) {
    for (const c of cases) {
      const res = await findResources(app, TYPE, { action: 'count', [field]: c.filter });
      if (!c.code) {
        t.equal(res.status, 200, `${field}: ${c.name}`);
        continue;
      }
      t.equal(res.status, 400, `${field}: ${c.name}`);
      t.equal(res.body.error_code, c.code, `${field}: ${c.name}`);
      t.match(res.body.error_msg, `${field}${c.text}`, `${field}: ${c.name}`);
    }
  }
});

t.test('matches takes resource_name once, with a value of at most 255 characters', async (t) => {
  const app = await build(t);
  const cases: { name: string; matches: unknown; text: string }[] = [
    { name: 'other key', matches: [{ key: 'resource_id', value: 'x' }], text: 'matches[0].key must be one of resource_name' },
    {
      name: 'repeated key',
      matches: [{ key: 'resource_name', value: 'a' }, { key: 'resource_name', value: 'b' }],
      text: 'matches[1].key "resource_name" is given twice',
    },
    { name: 'long value', matches: [{ key: 'resource_name', value: 'v'.repeat(256) }], text: 'matches[0].value must be at most 255' },
    { name: 'no value', matches: [{ key: 'resource_name' }], text: 'matches[0].value is required' },
  ];
  for (const c of cases) {
    const res = await findResources(app, TYPE, { action: 'filter', matches: c.matches });
    t.equal(res.status, 400, c.name);
    t.equal(res.body.error_code, 'EndPoint.0002', c.name);
    t.match(res.body.error_msg, c.text, c.name);
  }
  const atLimit = await findResources(app, TYPE, {
    action: 'filter',
    matches: [{ key: 'resource_name', value: 'v'.repeat(255) }],
  });
  t.equal(atLimit.status, 200);
});

t.test('action is filter or count', async (t) => {
  const app = await build(t);
  const unknown = await findResources(app, TYPE, { action: 'list' });
  t.equal(unknown.status, 400);
  t.equal(unknown.body.error_code, 'EndPoint.0007');
  const missing = await findResources(app, TYPE, {});
  t.equal(missing.status, 400);
  t.equal(missing.body.error_code, 'EndPoint.0002');
  t.match(missing.body.error_msg, 'action is required');
});

t.test('with no endpoints the endpoint type finds nothing, and unknown types are EndPoint.3070', async (t) => {
  const app = await build(t);
  await fixture(app);
  t.strictSame((await findResources(app, 'endpoint', { action: 'filter' })).body, { resources: [], total_count: 0 });
  t.strictSame((await findResources(app, 'endpoint', { action: 'count' })).body, { total_count: 0 });
  const unknown = await findResources(app, 'vpc-endpoints', { action: 'filter' });
  t.equal(unknown.status, 400);
  t.equal(unknown.body.error_code, 'EndPoint.3070');
});

t.test('a project sees only its own resources', async (t) => {
  const app = await build(t);
  await fixture(app);
  const res = await findResources(app, TYPE, { action: 'filter' }, OTHER_PROJECT);
  t.equal(res.body.total_count, 1);
  t.match(res.body.resources[0].resource_name, /^eu-de\.alpha\./);
});
