// Every documented validation rule of creating (POST) and modifying (PUT) an endpoint service, each
// accepted exactly at its limit and rejected just past it, plus the path and list-query rules.
// A rejection asserts the HTTP status, the exact error_code and that error_msg names the field.
import t from 'tap';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AUTH, PROJECT, build, call, createService, serviceBody, settle } from '../helper.js';

const SERVICES = '/vpc-endpoint-services';

/** The assertions a (sub)test offers that these helpers use. */
type Tap = Pick<typeof t, 'equal' | 'strictSame' | 'ok' | 'type' | 'notOk' | 'teardown'>;

/** A rejection: what is sent, and the answer expected for it. */
interface Reject {
  name: string;
  body: Record<string, unknown>;
  status: number;
  code: string;
  /** A substring of error_msg that names the offending field. */
  field: string;
}

/** An acceptance: what is sent, and the fields of the answer that show it was taken as sent. */
interface Accept {
  name: string;
  body: Record<string, unknown>;
  expect: Record<string, unknown> | ((service: any) => Record<string, unknown>);
  /** Fields the answer must not have. */
  absent?: string[];
}

// ---- value builders ---------------------------------------------------------------------------

const UUID_A = '4189d3c2-8882-4871-a3c2-d380272eed88';

/** `n` port mappings, all distinct on both sides. */
function mappings(n: number): Array<{ client_port: number; server_port: number; protocol: string }> {
  return Array.from({ length: n }, (_, i) => ({ client_port: 1000 + i, server_port: 2000 + i, protocol: 'TCP' }));
}

/** One mapping with the given fields changed or removed (undefined removes). */
function mapping(overrides: Record<string, unknown>): Record<string, unknown> {
  const m: Record<string, unknown> = { client_port: 8080, server_port: 90, protocol: 'TCP', ...overrides };
  for (const key of Object.keys(m)) if (m[key] === undefined) delete m[key];
  return m;
}

/** `n` tags with distinct keys. */
function tags(n: number): Array<{ key: string; value: string }> {
  return Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));
}

// 16 characters drawn from every allowed class of a service name.
const NAME_16 = 'Az09_-bcdefghijk';
// Every character a tag key may hold (space only inside), and a value may hold.
const KEY_CHARS = 'aZ9 _.:=+-@';
const VALUE_CHARS = 'aZ9 _.:/=+-@';

// ---- request helpers ----------------------------------------------------------------------------

/**
 * A valid create body with a fresh backend port_id, so that accepted cases never collide on the
 * (port_id, server_port) rule; `overrides` may still set port_id.
 */
function freshBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return serviceBody({ port_id: randomUUID(), ...overrides });
}

function expectRejected(
  t: Tap,
  res: { status: number; body: any },
  c: Pick<Reject, 'status' | 'code' | 'field'>,
): void {
  t.equal(res.status, c.status, 'status');
  t.strictSame(Object.keys(res.body ?? {}).sort(), ['error_code', 'error_msg'], 'API error shape');
  t.equal(res.body?.error_code, c.code, 'error_code');
  t.type(res.body?.error_msg, 'string');
  t.ok(String(res.body?.error_msg).includes(c.field), `error_msg "${res.body?.error_msg}" names ${c.field}`);
}

function expectAccepted(t: Tap, res: { status: number; body: any }, c: Accept): void {
  t.equal(res.status, 200, `status (${JSON.stringify(res.body).slice(0, 300)})`);
  const expected = typeof c.expect === 'function' ? c.expect(res.body) : c.expect;
  for (const [key, value] of Object.entries(expected)) t.strictSame(res.body?.[key], value, key);
  for (const key of c.absent ?? []) t.notOk(key in (res.body ?? {}), `no ${key} in the answer`);
}

/** Sends a raw body with an explicit content type. */
async function raw(app: FastifyInstance, method: 'POST' | 'PUT', path: string, payload: string | undefined) {
  const res = await app.inject({
    method,
    url: `/v1/${PROJECT}${path}`,
    headers: { ...AUTH, 'content-type': 'application/json' },
    ...(payload === undefined ? {} : { payload }),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
}

// ---- the rules shared by create and modify ------------------------------------------------------
// Both bodies use the same schemas for these fields; the tables run against POST and PUT alike.

const sharedRejections: Reject[] = [
  // service_name: at most 16 of [A-Za-z0-9_-]
  { name: 'service_name of 17 characters', body: { service_name: NAME_16 + 'x' }, status: 400, code: 'EndPoint.3076', field: 'service_name' },
  { name: 'service_name with a dot', body: { service_name: 'a.b' }, status: 400, code: 'EndPoint.3076', field: 'service_name' },
  { name: 'service_name with a space', body: { service_name: 'a b' }, status: 400, code: 'EndPoint.3076', field: 'service_name' },
  { name: 'service_name with a non-ASCII letter', body: { service_name: 'caf\u00e9' }, status: 400, code: 'EndPoint.3076', field: 'service_name' },
  { name: 'service_name as a number', body: { service_name: 12 }, status: 400, code: 'EndPoint.3076', field: 'service_name' },

  // description: at most 128, no < or >
  { name: 'description of 129 characters', body: { description: 'd'.repeat(129) }, status: 400, code: 'EndPoint.0002', field: 'description' },
  { name: 'description with <', body: { description: 'a<b' }, status: 400, code: 'EndPoint.0002', field: 'description' },
  { name: 'description with >', body: { description: 'a>b' }, status: 400, code: 'EndPoint.0002', field: 'description' },
  { name: 'description as a number', body: { description: 5 }, status: 400, code: 'EndPoint.0002', field: 'description' },

  // tcp_proxy enum
  { name: 'tcp_proxy outside the enum', body: { tcp_proxy: 'proxy' }, status: 400, code: 'EndPoint.0002', field: 'tcp_proxy' },
  { name: 'tcp_proxy in the wrong case', body: { tcp_proxy: 'CLOSE' }, status: 400, code: 'EndPoint.0002', field: 'tcp_proxy' },

  // approval_enabled: a boolean, never coerced
  { name: 'approval_enabled "yes"', body: { approval_enabled: 'yes' }, status: 400, code: 'EndPoint.0002', field: 'approval_enabled' },
  { name: 'approval_enabled "true"', body: { approval_enabled: 'true' }, status: 400, code: 'EndPoint.0002', field: 'approval_enabled' },
  { name: 'approval_enabled 1', body: { approval_enabled: 1 }, status: 400, code: 'EndPoint.0002', field: 'approval_enabled' },

  // port_id: a UUID
  { name: 'port_id not a UUID', body: { port_id: 'not-a-uuid' }, status: 400, code: 'EndPoint.3063', field: 'port_id' },
  { name: 'port_id one character short', body: { port_id: UUID_A.slice(0, -1) }, status: 400, code: 'EndPoint.3063', field: 'port_id' },
  { name: 'port_id one character long', body: { port_id: UUID_A + 'a' }, status: 400, code: 'EndPoint.3063', field: 'port_id' },
  { name: 'port_id with a non-hex digit', body: { port_id: UUID_A.replace(/.$/, 'g') }, status: 400, code: 'EndPoint.3063', field: 'port_id' },
  { name: 'port_id as a number', body: { port_id: 42 }, status: 400, code: 'EndPoint.3063', field: 'port_id' },
  { name: 'port_id null', body: { port_id: null }, status: 400, code: 'EndPoint.3063', field: 'port_id' },

  // ports: 1 to 200 mappings
  { name: 'ports empty', body: { ports: [] }, status: 400, code: 'EndPoint.0002', field: 'ports' },
  { name: 'ports with 201 mappings', body: { ports: mappings(201) }, status: 400, code: 'EndPoint.3074', field: 'ports' },
  { name: 'ports not an array', body: { ports: mapping({}) }, status: 400, code: 'EndPoint.0002', field: 'ports' },
  { name: 'a mapping that is not an object', body: { ports: [8080] }, status: 400, code: 'EndPoint.0002', field: 'ports[0]' },

  // client_port: integer 1-65535
  { name: 'client_port 0', body: { ports: [mapping({ client_port: 0 })] }, status: 400, code: 'EndPoint.0002', field: 'ports[0].client_port' },
  { name: 'client_port 65536', body: { ports: [mapping({ client_port: 65536 })] }, status: 400, code: 'EndPoint.0002', field: 'ports[0].client_port' },
  { name: 'client_port -1', body: { ports: [mapping({ client_port: -1 })] }, status: 400, code: 'EndPoint.0002', field: 'ports[0].client_port' },
  { name: 'client_port 80.5', body: { ports: [mapping({ client_port: 80.5 })] }, status: 400, code: 'EndPoint.0002', field: 'ports[0].client_port' },
  { name: 'client_port "80"', body: { ports: [mapping({ client_port: '80' })] }, status: 400, code: 'EndPoint.0002', field: 'ports[0].client_port' },
  { name: 'client_port null', body: { ports: [mapping({ client_port: null })] }, status: 400, code: 'EndPoint.0002', field: 'ports[0].client_port' },
  { name: 'client_port missing', body: { ports: [mapping({ client_port: undefined })] }, status: 400, code: 'EndPoint.2028', field: 'ports[0].client_port' },
  { name: 'client_port invalid in the second mapping', body: { ports: [mapping({}), mapping({ client_port: 0, server_port: 91 })] }, status: 400, code: 'EndPoint.0002', field: 'ports[1].client_port' },

  // server_port: integer 1-65535
  { name: 'server_port 0', body: { ports: [mapping({ server_port: 0 })] }, status: 400, code: 'EndPoint.3043', field: 'ports[0].server_port' },
  { name: 'server_port 65536', body: { ports: [mapping({ server_port: 65536 })] }, status: 400, code: 'EndPoint.3043', field: 'ports[0].server_port' },
  { name: 'server_port 90.5', body: { ports: [mapping({ server_port: 90.5 })] }, status: 400, code: 'EndPoint.3043', field: 'ports[0].server_port' },
  { name: 'server_port "90"', body: { ports: [mapping({ server_port: '90' })] }, status: 400, code: 'EndPoint.3043', field: 'ports[0].server_port' },
  { name: 'server_port missing', body: { ports: [mapping({ server_port: undefined })] }, status: 400, code: 'EndPoint.2028', field: 'ports[0].server_port' },

  // protocol: TCP only
  { name: 'protocol UDP', body: { ports: [mapping({ protocol: 'UDP' })] }, status: 400, code: 'EndPoint.3075', field: 'ports[0].protocol' },
  { name: 'protocol in lower case', body: { ports: [mapping({ protocol: 'tcp' })] }, status: 400, code: 'EndPoint.3075', field: 'ports[0].protocol' },
  { name: 'protocol empty', body: { ports: [mapping({ protocol: '' })] }, status: 400, code: 'EndPoint.3075', field: 'ports[0].protocol' },
  { name: 'protocol null', body: { ports: [mapping({ protocol: null })] }, status: 400, code: 'EndPoint.3075', field: 'ports[0].protocol' },

  // no two mappings of one request share client_port or server_port for a protocol
  {
    name: 'two mappings with the same client_port',
    body: { ports: [mapping({ client_port: 8080, server_port: 90 }), mapping({ client_port: 8080, server_port: 91 })] },
    status: 400,
    code: 'EndPoint.3044',
    field: 'client_port',
  },
  {
    name: 'two mappings with the same server_port',
    body: { ports: [mapping({ client_port: 8080, server_port: 90 }), mapping({ client_port: 8081, server_port: 90 })] },
    status: 400,
    code: 'EndPoint.3044',
    field: 'server_port',
  },
  {
    name: 'the same server_port, once with the default protocol and once with TCP',
    body: {
      ports: [mapping({ client_port: 8080, server_port: 90, protocol: undefined }), mapping({ client_port: 8081, server_port: 90 })],
    },
    status: 400,
    code: 'EndPoint.3044',
    field: 'server_port',
  },
];

const sharedAcceptances: Accept[] = [
  { name: 'service_name of 16 characters of every allowed class', body: { service_name: NAME_16 }, expect: (s) => ({ service_name: `eu-de.${NAME_16}.${s.id}` }) },
  { name: 'service_name of 1 character', body: { service_name: 'a' }, expect: (s) => ({ service_name: `eu-de.a.${s.id}` }) },
  { name: 'service_name empty (the name is then region.id)', body: { service_name: '' }, expect: (s) => ({ service_name: `eu-de.${s.id}` }) },
  { name: 'description of 128 characters', body: { description: 'd'.repeat(128) }, expect: { description: 'd'.repeat(128) } },
  { name: 'description of 128 non-ASCII characters', body: { description: '\u00fc'.repeat(128) }, expect: { description: '\u00fc'.repeat(128) } },
  { name: 'description with punctuation other than < and >', body: { description: 'a & b, "c" / d; e=f' }, expect: { description: 'a & b, "c" / d; e=f' } },
  { name: 'description empty', body: { description: '' }, expect: { description: '' } },
  ...['close', 'toa_open', 'proxy_open', 'open', 'proxy_vni'].map((v) => ({
    name: `tcp_proxy ${v}`,
    body: { tcp_proxy: v },
    expect: { tcp_proxy: v },
  })),
  { name: 'approval_enabled false', body: { approval_enabled: false }, expect: { approval_enabled: false } },
  { name: 'approval_enabled true', body: { approval_enabled: true }, expect: { approval_enabled: true } },
  { name: 'port_id in upper case', body: { port_id: 'ABCDEF01-2345-6789-ABCD-EF0123456789' }, expect: { port_id: 'ABCDEF01-2345-6789-ABCD-EF0123456789' } },
  { name: 'ports with 200 mappings', body: { ports: mappings(200) }, expect: { ports: mappings(200) } },
  { name: 'ports with 1 mapping', body: { ports: mappings(1) }, expect: { ports: mappings(1) } },
  {
    name: 'client_port and server_port at 1 and at 65535',
    body: { ports: [mapping({ client_port: 1, server_port: 65535 }), mapping({ client_port: 65535, server_port: 1 })] },
    expect: {
      ports: [
        { client_port: 1, server_port: 65535, protocol: 'TCP' },
        { client_port: 65535, server_port: 1, protocol: 'TCP' },
      ],
    },
  },
  { name: 'protocol left out defaults to TCP', body: { ports: [mapping({ protocol: undefined })] }, expect: { ports: [{ client_port: 8080, server_port: 90, protocol: 'TCP' }] } },
  {
    name: 'client_port of one mapping equal to server_port of another',
    body: { ports: [mapping({ client_port: 80, server_port: 81 }), mapping({ client_port: 81, server_port: 80 })] },
    expect: {
      ports: [
        { client_port: 80, server_port: 81, protocol: 'TCP' },
        { client_port: 81, server_port: 80, protocol: 'TCP' },
      ],
    },
  },
];

// ---- create -------------------------------------------------------------------------------------

const createRejections: Reject[] = [
  ...sharedRejections,

  // required fields
  { name: 'port_id missing', body: { port_id: undefined }, status: 400, code: 'EndPoint.0002', field: 'port_id' },
  { name: 'vpc_id missing', body: { vpc_id: undefined }, status: 400, code: 'EndPoint.2011', field: 'vpc_id' },
  { name: 'server_type missing', body: { server_type: undefined }, status: 400, code: 'EndPoint.0002', field: 'server_type' },
  { name: 'ports missing', body: { ports: undefined }, status: 400, code: 'EndPoint.0002', field: 'ports' },

  // vpc_id: a UUID
  { name: 'vpc_id not a UUID', body: { vpc_id: 'vpc-1' }, status: 400, code: 'EndPoint.0020', field: 'vpc_id' },
  { name: 'vpc_id one character short', body: { vpc_id: UUID_A.slice(0, -1) }, status: 400, code: 'EndPoint.0020', field: 'vpc_id' },
  { name: 'vpc_id empty', body: { vpc_id: '' }, status: 400, code: 'EndPoint.0020', field: 'vpc_id' },
  { name: 'vpc_id as a number', body: { vpc_id: 7 }, status: 400, code: 'EndPoint.0020', field: 'vpc_id' },

  // enums
  { name: 'server_type outside the enum', body: { server_type: 'ECS' }, status: 400, code: 'EndPoint.3021', field: 'server_type' },
  { name: 'server_type in the wrong case', body: { server_type: 'vm' }, status: 400, code: 'EndPoint.3021', field: 'server_type' },
  { name: 'server_type as a number', body: { server_type: 1 }, status: 400, code: 'EndPoint.3021', field: 'server_type' },
  { name: 'service_type outside the enum', body: { service_type: 'public' }, status: 400, code: 'EndPoint.0002', field: 'service_type' },
  { name: 'ip_version outside the enum', body: { ip_version: 'ipv5' }, status: 400, code: 'EndPoint.0002', field: 'ip_version' },
  { name: 'payer outside the enum', body: { payer: 'tenant' }, status: 400, code: 'EndPoint.0002', field: 'payer' },
  { name: 'supported_editions item outside the enum', body: { supported_editions: ['premium'] }, status: 400, code: 'EndPoint.0002', field: 'supported_editions[0]' },
  { name: 'supported_editions as a string', body: { supported_editions: 'basic' }, status: 400, code: 'EndPoint.0002', field: 'supported_editions' },

  // enable_policy: a boolean, never coerced
  { name: 'enable_policy "yes"', body: { enable_policy: 'yes' }, status: 400, code: 'EndPoint.0002', field: 'enable_policy' },
  { name: 'enable_policy 0', body: { enable_policy: 0 }, status: 400, code: 'EndPoint.0002', field: 'enable_policy' },

  // enterprise_project_id: "0" or a UUID
  { name: 'enterprise_project_id "00"', body: { enterprise_project_id: '00' }, status: 400, code: 'EndPoint.0002', field: 'enterprise_project_id' },
  { name: 'enterprise_project_id "1"', body: { enterprise_project_id: '1' }, status: 400, code: 'EndPoint.0002', field: 'enterprise_project_id' },
  { name: 'enterprise_project_id empty', body: { enterprise_project_id: '' }, status: 400, code: 'EndPoint.0002', field: 'enterprise_project_id' },
  { name: 'enterprise_project_id a UUID and more', body: { enterprise_project_id: UUID_A + '0' }, status: 400, code: 'EndPoint.0002', field: 'enterprise_project_id' },
  { name: 'enterprise_project_id the number 0', body: { enterprise_project_id: 0 }, status: 400, code: 'EndPoint.0002', field: 'enterprise_project_id' },

  // tags: at most 20, unique keys
  { name: 'tags with 21 items', body: { tags: tags(21) }, status: 400, code: 'EndPoint.3069', field: 'tags' },
  { name: 'tags with a repeated key', body: { tags: [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] }, status: 400, code: 'EndPoint.3067', field: 'tags[1].key' },
  { name: 'tags not an array', body: { tags: { key: 'a', value: 'b' } }, status: 400, code: 'EndPoint.0002', field: 'tags' },
  { name: 'a tag that is not an object', body: { tags: ['a=b'] }, status: 400, code: 'EndPoint.0002', field: 'tags[0]' },

  // tag key
  { name: 'tag key empty', body: { tags: [{ key: '', value: 'v' }] }, status: 400, code: 'EndPoint.3066', field: 'tags[0].key' },
  { name: 'tag key missing', body: { tags: [{ value: 'v' }] }, status: 400, code: 'EndPoint.3066', field: 'tags[0].key' },
  { name: 'tag key of 129 characters', body: { tags: [{ key: 'k'.repeat(129), value: 'v' }] }, status: 400, code: 'EndPoint.3072', field: 'tags[0].key' },
  { name: 'tag key with a leading space', body: { tags: [{ key: ' k', value: 'v' }] }, status: 400, code: 'EndPoint.3068', field: 'tags[0].key' },
  { name: 'tag key with a trailing space', body: { tags: [{ key: 'k ', value: 'v' }] }, status: 400, code: 'EndPoint.3068', field: 'tags[0].key' },
  { name: 'tag key starting with _sys_', body: { tags: [{ key: '_sys_k', value: 'v' }] }, status: 400, code: 'EndPoint.3068', field: 'tags[0].key' },
  { name: 'tag key with a slash (allowed only in values)', body: { tags: [{ key: 'a/b', value: 'v' }] }, status: 400, code: 'EndPoint.3068', field: 'tags[0].key' },
  { name: 'tag key with *', body: { tags: [{ key: 'a*b', value: 'v' }] }, status: 400, code: 'EndPoint.3068', field: 'tags[0].key' },
  { name: 'tag key with <', body: { tags: [{ key: 'a<b', value: 'v' }] }, status: 400, code: 'EndPoint.3068', field: 'tags[0].key' },
  { name: 'tag key with a comma', body: { tags: [{ key: 'a,b', value: 'v' }] }, status: 400, code: 'EndPoint.3068', field: 'tags[0].key' },
  { name: 'tag key as a number', body: { tags: [{ key: 5, value: 'v' }] }, status: 400, code: 'EndPoint.3068', field: 'tags[0].key' },
  { name: 'tag key invalid in the second tag', body: { tags: [{ key: 'a', value: 'v' }, { key: 'b|c', value: 'v' }] }, status: 400, code: 'EndPoint.3068', field: 'tags[1].key' },

  // tag value
  { name: 'tag value of 256 characters', body: { tags: [{ key: 'k', value: 'v'.repeat(256) }] }, status: 400, code: 'EndPoint.3073', field: 'tags[0].value' },
  { name: 'tag value with *', body: { tags: [{ key: 'k', value: 'a*b' }] }, status: 400, code: 'EndPoint.3068', field: 'tags[0].value' },
  { name: 'tag value with >', body: { tags: [{ key: 'k', value: 'a>b' }] }, status: 400, code: 'EndPoint.3068', field: 'tags[0].value' },
  { name: 'tag value with a backslash', body: { tags: [{ key: 'k', value: 'a\\b' }] }, status: 400, code: 'EndPoint.3068', field: 'tags[0].value' },
  { name: 'tag value as a number', body: { tags: [{ key: 'k', value: 5 }] }, status: 400, code: 'EndPoint.3068', field: 'tags[0].value' },
];

const createAcceptances: Accept[] = [
  ...sharedAcceptances,
  ...['LB', 'VM', 'VIP', 'BMS'].map((v) => ({ name: `server_type ${v}`, body: { server_type: v }, expect: { server_type: v } })),
  ...['interface', 'gateway'].map((v) => ({ name: `service_type ${v}`, body: { service_type: v }, expect: { service_type: v } })),
  ...['ipv4', 'ipv6'].map((v) => ({ name: `ip_version ${v}`, body: { ip_version: v }, expect: { ip_version: v } })),
  ...['endpoint', 'endpoint_service'].map((v) => ({ name: `payer ${v}`, body: { payer: v }, expect: { payer: v } })),
  { name: 'supported_editions profession and basic', body: { supported_editions: ['profession', 'basic'] }, expect: { supported_editions: ['profession', 'basic'] } },
  { name: 'supported_editions profession', body: { supported_editions: ['profession'] }, expect: { supported_editions: ['profession'] } },
  { name: 'enable_policy true', body: { enable_policy: true }, expect: { enable_policy: true } },
  { name: 'enterprise_project_id "0"', body: { enterprise_project_id: '0' }, expect: { enterprise_project_id: '0' } },
  { name: 'enterprise_project_id a UUID', body: { enterprise_project_id: UUID_A }, expect: { enterprise_project_id: UUID_A } },
  { name: 'vpc_id a UUID', body: { vpc_id: UUID_A }, expect: { vpc_id: UUID_A } },
  { name: 'tags with 20 items', body: { tags: tags(20) }, expect: { tags: tags(20) } },
  { name: 'tags empty', body: { tags: [] }, expect: { tags: [] } },
  { name: 'tag key of 128 characters', body: { tags: [{ key: 'k'.repeat(128), value: 'v' }] }, expect: { tags: [{ key: 'k'.repeat(128), value: 'v' }] } },
  { name: 'tag key of 1 character', body: { tags: [{ key: 'k', value: 'v' }] }, expect: { tags: [{ key: 'k', value: 'v' }] } },
  { name: 'tag key of every allowed character', body: { tags: [{ key: KEY_CHARS, value: 'v' }] }, expect: { tags: [{ key: KEY_CHARS, value: 'v' }] } },
  { name: 'tag key starting with _sys but not _sys_', body: { tags: [{ key: '_sys', value: 'v' }] }, expect: { tags: [{ key: '_sys', value: 'v' }] } },
  { name: 'tag key containing _sys_ after the start', body: { tags: [{ key: 'a_sys_', value: 'v' }] }, expect: { tags: [{ key: 'a_sys_', value: 'v' }] } },
  { name: 'tag value of 255 characters', body: { tags: [{ key: 'k', value: 'v'.repeat(255) }] }, expect: { tags: [{ key: 'k', value: 'v'.repeat(255) }] } },
  { name: 'tag value of every allowed character', body: { tags: [{ key: 'k', value: VALUE_CHARS }] }, expect: { tags: [{ key: 'k', value: VALUE_CHARS }] } },
  { name: 'tag value empty', body: { tags: [{ key: 'k', value: '' }] }, expect: { tags: [{ key: 'k', value: '' }] } },
  { name: 'tag value left out', body: { tags: [{ key: 'k' }] }, expect: { tags: [{ key: 'k', value: '' }] } },
  { name: 'tags whose keys differ only in case', body: { tags: [{ key: 'k', value: '1' }, { key: 'K', value: '2' }] }, expect: { tags: [{ key: 'k', value: '1' }, { key: 'K', value: '2' }] } },
  {
    name: 'unknown fields are ignored',
    body: { colour: 'blue', vip_port_id: 'x', ports: [mapping({ weight: 5 })] },
    // strictSame on ports also fails if the mapping kept its unknown weight.
    expect: { ports: [{ client_port: 8080, server_port: 90, protocol: 'TCP' }] },
    absent: ['colour', 'vip_port_id'],
  },
];

t.test('create rejects each rule just past its limit', async (t) => {
  const app = await build(t);
  for (const c of createRejections) {
    await t.test(c.name, async (t) => {
      const res = await call(app, 'POST', SERVICES, freshBody(c.body));
      expectRejected(t, res, c);
    });
  }
  // Nothing rejected was stored.
  const list = await call(app, 'GET', `${SERVICES}?limit=1000`);
  t.equal(list.body.total_count, 0, 'no rejected request created a service');
});

t.test('create accepts each rule exactly at its limit', async (t) => {
  for (const c of createAcceptances) {
    await t.test(c.name, async (t) => {
      // An emulator per case: so many services in one project would run into the service quota.
      const app = await build(t);
      const res = await call(app, 'POST', SERVICES, freshBody(c.body));
      expectAccepted(t, res, c);
      // What the answer shows is what was stored.
      const got = await call(app, 'GET', `${SERVICES}/${res.body.id}`);
      expectAccepted(t, got, c);
    });
  }
});

t.test('create fills in the documented defaults', async (t) => {
  const app = await build(t);
  const minimal = {
    port_id: UUID_A,
    vpc_id: '4189d3c2-8882-4871-a3c2-d380272eed80',
    server_type: 'VM',
    ports: [{ client_port: 8080, server_port: 90 }],
  };
  const defaults = {
    approval_enabled: true,
    service_type: 'interface',
    tcp_proxy: 'close',
    enable_policy: false,
    ports: [{ client_port: 8080, server_port: 90, protocol: 'TCP' }],
    tags: [],
    description: '',
    enterprise_project_id: '0',
    ip_version: 'ipv4',
    payer: 'endpoint',
    supported_editions: ['basic'],
    status: 'creating',
    port_id: UUID_A,
    vpc_id: minimal.vpc_id,
    server_type: 'VM',
    project_id: PROJECT,
  };
  const res = await call(app, 'POST', SERVICES, minimal);
  t.equal(res.status, 200);
  for (const [key, value] of Object.entries(defaults)) t.strictSame(res.body[key], value, `create answers ${key}`);
  t.equal(res.body.service_name, `eu-de.${res.body.id}`, 'a service without a name is called region.id');
  const got = await call(app, 'GET', `${SERVICES}/${res.body.id}`);
  for (const [key, value] of Object.entries(defaults)) t.strictSame(got.body[key], value, `GET shows ${key}`);
});

t.test('create refuses bodies that are not a JSON object', async (t) => {
  const app = await build(t);
  const cases: Array<{ name: string; payload: string | undefined; field: string }> = [
    { name: 'malformed JSON', payload: '{"port_id": "4189d3c2-8882-4871-a3c2-d380272eed88",', field: 'JSON' },
    { name: 'a trailing comma', payload: '{"server_type": "VM",}', field: 'JSON' },
    { name: 'an empty body with Content-Type application/json', payload: '', field: 'body' },
    { name: 'no body at all with Content-Type application/json', payload: undefined, field: 'body' },
    { name: 'a body of whitespace', payload: '  \n', field: 'body' },
    { name: 'the JSON null', payload: 'null', field: 'body' },
    { name: 'a JSON array', payload: JSON.stringify([serviceBody()]), field: 'body' },
    { name: 'a JSON string', payload: JSON.stringify('port_id'), field: 'body' },
  ];
  for (const c of cases) {
    await t.test(c.name, async (t) => {
      const res = await raw(app, 'POST', SERVICES, c.payload);
      expectRejected(t, res, { status: 400, code: 'EndPoint.0002', field: c.field });
    });
  }
  await t.test('an empty body without a Content-Type', async (t) => {
    const res = await call(app, 'POST', SERVICES);
    expectRejected(t, res, { status: 400, code: 'EndPoint.0002', field: 'body' });
  });
  const list = await call(app, 'GET', SERVICES);
  t.equal(list.body.total_count, 0, 'no refused body created a service');
});

t.test('the project id in the path is 1 to 64 of [A-Za-z0-9_-]', async (t) => {
  const app = await build(t);
  const accepted = ['p'.repeat(64), 'a', 'Az09_-'];
  for (const project of accepted) {
    await t.test(`accepts "${project}" on create and list`, async (t) => {
      const res = await call(app, 'POST', SERVICES, freshBody(), project);
      t.equal(res.status, 200);
      t.equal(res.body.project_id, project);
      const list = await call(app, 'GET', SERVICES, undefined, project);
      t.equal(list.status, 200);
      t.equal(list.body.total_count, 1);
    });
  }
  const rejected = ['', 'p'.repeat(65), 'a.b', '%20', 'a%20b', 'caf%C3%A9', 'a~b'];
  for (const project of rejected) {
    for (const [method, payload] of [['POST', freshBody()], ['GET', undefined]] as const) {
      await t.test(`refuses "${project}" on ${method}`, async (t) => {
        const res = await call(app, method, SERVICES, payload, project);
        expectRejected(t, res, { status: 400, code: 'EndPoint.0014', field: 'project_id' });
      });
    }
  }
  await t.test('refuses a bad project id on GET, PUT and DELETE of one service', async (t) => {
    const path = `${SERVICES}/${randomUUID()}`;
    for (const [method, payload] of [['GET', undefined], ['PUT', {}], ['DELETE', undefined]] as const) {
      const res = await call(app, method, path, payload, 'p'.repeat(65));
      expectRejected(t, res, { status: 400, code: 'EndPoint.0014', field: 'project_id' });
    }
  });
});

t.test('list query parameters', async (t) => {
  const app = await build(t);
  await createService(app);

  const accepted = [
    'limit=0',
    'limit=1000',
    'limit=5',
    'offset=0',
    'offset=1000000',
    'sort_key=created_at',
    'sort_key=updated_at',
    'sort_key=create_at',
    'sort_key=update_at',
    'sort_dir=asc',
    'sort_dir=desc',
    'status=creating',
    'status=available',
    'status=failed',
    'status=deleting',
  ];
  for (const query of accepted) {
    await t.test(`accepts ${query}`, async (t) => {
      const res = await call(app, 'GET', `${SERVICES}?${query}`);
      t.equal(res.status, 200);
      t.equal(res.body.total_count, query.startsWith('status=') && query !== 'status=creating' ? 0 : 1);
    });
  }
  await t.test('limit and offset given as text are numbers', async (t) => {
    t.equal((await call(app, 'GET', `${SERVICES}?limit=0`)).body.endpoint_services.length, 0, 'limit=0');
    t.equal((await call(app, 'GET', `${SERVICES}?limit=1`)).body.endpoint_services.length, 1, 'limit=1');
    t.equal((await call(app, 'GET', `${SERVICES}?offset=1`)).body.endpoint_services.length, 0, 'offset=1');
  });

  const rejected: Array<{ query: string; code: string; field: string }> = [
    { query: 'limit=1001', code: 'EndPoint.0006', field: 'limit' },
    { query: 'limit=-1', code: 'EndPoint.0006', field: 'limit' },
    { query: 'limit=abc', code: 'EndPoint.0006', field: 'limit' },
    { query: 'limit=1.5', code: 'EndPoint.0006', field: 'limit' },
    { query: 'offset=-1', code: 'EndPoint.0010', field: 'offset' },
    { query: 'offset=abc', code: 'EndPoint.0010', field: 'offset' },
    { query: 'offset=0.5', code: 'EndPoint.0010', field: 'offset' },
    { query: 'sort_key=name', code: 'EndPoint.0017', field: 'sort_key' },
    { query: 'sort_key=created', code: 'EndPoint.0017', field: 'sort_key' },
    { query: 'limit=0x10', code: 'EndPoint.0006', field: 'limit' },
    { query: 'limit=1e3', code: 'EndPoint.0006', field: 'limit' },
    { query: 'limit=Infinity', code: 'EndPoint.0006', field: 'limit' },
    { query: 'limit=', code: 'EndPoint.0006', field: 'limit' },
    { query: 'limit=+5', code: 'EndPoint.0006', field: 'limit' },
    { query: 'offset=0x1', code: 'EndPoint.0010', field: 'offset' },
    { query: 'offset=', code: 'EndPoint.0010', field: 'offset' },
    { query: 'sort_dir=up', code: 'EndPoint.0018', field: 'sort_dir' },
    { query: 'sort_dir=ASC', code: 'EndPoint.0018', field: 'sort_dir' },
    { query: 'status=gone', code: 'EndPoint.0019', field: 'status' },
    { query: 'status=Available', code: 'EndPoint.0019', field: 'status' },
  ];
  for (const c of rejected) {
    await t.test(`refuses ${c.query}`, async (t) => {
      const res = await call(app, 'GET', `${SERVICES}?${c.query}`);
      expectRejected(t, res, { status: 400, code: c.code, field: c.field });
    });
  }
});

// ---- modify -------------------------------------------------------------------------------------

/** An emulator whose services become available at once, and one available service in it. */
async function availableService(t: Tap, overrides: Record<string, unknown> = {}) {
  const app = await build(t, { delay: { kind: 'fixed', ms: 0 } });
  const created = await createService(app, overrides);
  const path = `${SERVICES}/${created.id}`;
  await settle(app);
  const status = (await call(app, 'GET', path)).body.status;
  if (status !== 'available') throw new Error(`service ${created.id} is ${status}, not available`);
  return { app, id: created.id as string, path };
}

// PUT accepts only the six modifiable fields; the rest of the create rules do not apply to it.
const updateRejections: Reject[] = sharedRejections;

const updateAcceptances: Accept[] = [
  ...sharedAcceptances,
  { name: 'port_id a new UUID', body: { port_id: UUID_A.replace(/88$/, '99') }, expect: { port_id: UUID_A.replace(/88$/, '99') } },
  {
    name: 'fields that cannot be modified are ignored',
    body: { server_type: 'NOT-AN-ENUM', vpc_id: 'not-a-uuid', tags: 'x', service_type: 'gateway' },
    expect: { server_type: 'VM', vpc_id: '4189d3c2-8882-4871-a3c2-d380272eed80', tags: [], service_type: 'interface' },
  },
];

t.test('modify rejects each rule just past its limit and changes nothing', async (t) => {
  const { app, path } = await availableService(t, { service_name: 'before', description: 'before' });
  const before = (await call(app, 'GET', path)).body;
  t.equal(before.status, 'available');
  for (const c of updateRejections) {
    await t.test(c.name, async (t) => {
      const res = await call(app, 'PUT', path, c.body);
      expectRejected(t, res, c);
      t.strictSame((await call(app, 'GET', path)).body, before, 'the service is unchanged');
    });
  }
});

t.test('modify accepts each rule exactly at its limit', async (t) => {
  const { app, path } = await availableService(t);
  for (const c of updateAcceptances) {
    await t.test(c.name, async (t) => {
      const res = await call(app, 'PUT', path, c.body);
      expectAccepted(t, res, c);
      expectAccepted(t, await call(app, 'GET', path), c);
    });
  }
});

t.test('modify with an empty body changes nothing', async (t) => {
  const { app, path } = await availableService(t, { service_name: 'kept', description: 'kept', approval_enabled: false });
  const { updated_at: _before, ...before } = (await call(app, 'GET', path)).body;
  const res = await call(app, 'PUT', path, {});
  t.equal(res.status, 200);
  const { updated_at: _after, ...after } = res.body;
  t.strictSame(after, before, 'every field but updated_at is as it was');
  t.match(after.service_name, /^eu-de\.kept\./);
});

t.test('modify refuses a body that is not JSON', async (t) => {
  const { app, path } = await availableService(t);
  const res = await raw(app, 'PUT', path, '{"description": ');
  expectRejected(t, res, { status: 400, code: 'EndPoint.0002', field: 'JSON' });
  const wrongShape = await raw(app, 'PUT', path, '[]');
  expectRejected(t, wrongShape, { status: 400, code: 'EndPoint.0002', field: 'body' });
});

t.test('modify is allowed only while the service is available', async (t) => {
  // The default test delay is manual: the service stays creating.
  const app = await build(t);
  const created = await createService(app);
  const path = `${SERVICES}/${created.id}`;
  const res = await call(app, 'PUT', path, { description: 'new' });
  expectRejected(t, res, { status: 400, code: 'EndPoint.3045', field: 'creating' });
  t.equal((await call(app, 'GET', path)).body.description, '', 'the description is unchanged');

  t.equal((await call(app, 'DELETE', path)).status, 204);
  const deleting = await call(app, 'PUT', path, { description: 'new' });
  expectRejected(t, deleting, { status: 400, code: 'EndPoint.3045', field: 'deleting' });
});
