// Endpoints in a state document, every stored field included so that an export imports back to the same
// state. A seed written by hand may leave out what the emulator would have decided on create: what it
// copies from the service (its name, type, whether it needs approval), the packet marker, the address,
// the DNS name, the default route table and policy, the times and the cluster id.
import { Type, type Static } from 'typebox';
import {
  Description,
  ProjectId,
  ResourceError,
  Timestamp,
  Uuid,
  isoTime,
  parseIsoTime,
  type WithDefaults,
} from '../common/schemas.js';
import type { Db } from '../db/database.js';
import { groupBy, named, withoutNulls } from '../db/rows.js';
import { loading, StateError, removeInScope, scopedRemovals, type Counts, type StateSection } from '../db/state.js';
import type { SubnetAddresses } from '../network/addresses.js';
import type { References } from '../network/references.js';
import type { ServiceDirectory } from '../public-services/directory.js';
import type { Clock } from '../runtime/clock.js';
import type { Random } from '../runtime/random.js';
import { checkUniqueTagKeys } from '../tags/schemas.js';
import { claimAddress, defaultRouteTable, DEFAULT_POLICY, dnsName, newMarkerId, normalizePolicy } from './network.js';
import { CreateEndpointBody, ENDPOINT_STATUSES } from './schemas.js';
import type { EndpointColumns, EndpointStore } from './store.js';

const create = CreateEndpointBody.properties;

const EndpointRecord = Type.Object({
  id: Uuid(),
  project_id: ProjectId,
  service_id: Uuid({ description: 'The endpoint service it connects to' }),
  service_name: Type.Optional(Type.String({ minLength: 1, description: "Default: the service's full name" })),
  service_type: Type.Optional(Type.Enum(['interface', 'gateway'], { description: "Default: the service's" })),
  approval_required: Type.Optional(
    Type.Boolean({ description: "Whether the owner must accept it. Default: the service's approval_enabled" }),
  ),
  status: Type.Enum(ENDPOINT_STATUSES),
  ever_accepted: Type.Optional(
    Type.Boolean({ description: 'Accepted once (a rejected endpoint then shows its ip). Default: status is accepted' }),
  ),
  marker_id: Type.Optional(Type.Integer({ minimum: 0, description: 'Default: a new unique marker' })),
  vpc_id: create.vpc_id,
  subnet_id: create.subnet_id,
  ip: Type.Optional({ ...create.port_ip, description: 'Interface endpoints. Default: the first free address' }),
  dns_name: Type.Optional(Type.String({ minLength: 1, description: 'Default: derived from the id if enable_dns' })),
  enable_dns: create.enable_dns,
  whitelist: Type.Optional({ ...create.whitelist, default: undefined }),
  enable_whitelist: Type.Optional(Type.Boolean()),
  routetables: create.routetables,
  policy_statement: create.policy_statement,
  specification_name: create.specification_name,
  endpoint_pool_id: Type.Optional(Type.String({ minLength: 1, description: 'Default: a new UUID' })),
  description: create.description,
  connection_description: Type.Optional(
    Description({ default: '', description: "The service owner's description of the connection" }),
  ),
  tags: create.tags,
  error: Type.Optional({ ...ResourceError, description: 'Why the endpoint failed (status failed only)' }),
  created_at: Type.Optional(Timestamp({ description: 'Default: now' })),
  updated_at: Type.Optional(Timestamp({ description: 'Default: created_at' })),
});

type EndpointRecordInput = WithDefaults<
  Static<typeof EndpointRecord>,
  'enable_dns' | 'specification_name' | 'description' | 'tags' | 'connection_description'
>;

interface TagRow {
  resource_id: string;
  key: string;
  value: string;
}

const COLUMNS = `id, project_id, service_id, service_name, service_type, approval_required, status, ever_accepted,
  marker_id, vpc_id, subnet_id, ip, dns_name, enable_dns, whitelist, enable_whitelist, routetables,
  policy_statement, specification_name, endpoint_pool_id, description, connection_description, created_at,
  updated_at, error_code, error_message`;


export interface EndpointStateContext {
  region: string;
  clock: Clock;
  random: Random;
  store: EndpointStore;
  directory: ServiceDirectory;
  addresses: SubnetAddresses;
  references: References;
}

export function endpointState(db: Db, ctx: EndpointStateContext): StateSection {
  const selectEndpoints = db.prepare(`SELECT ${COLUMNS} FROM endpoints ORDER BY seq`);
  const selectTags = db.prepare(`
    SELECT t.resource_id, t.key, t.value FROM resource_tags t JOIN endpoints e ON e.id = t.resource_id
    ORDER BY t.resource_id, t.position`);
  const insertEndpoint = db.prepare(`INSERT INTO endpoints (${COLUMNS}) VALUES (${named(COLUMNS)})`);
  const insertTag = db.prepare('INSERT INTO resource_tags (resource_id, position, key, value) VALUES (?, ?, ?, ?)');
  const removals = scopedRemovals(db, 'endpoints');

  const countEndpoints = db.prepare('SELECT COUNT(*) FROM endpoints').pluck();

  function exportAll(): unknown[] {
    const tags = groupBy(selectTags.all() as TagRow[], (t) => t.resource_id);
    return (selectEndpoints.all() as EndpointColumns[]).map((row) =>
      withoutNulls({
        id: row.id,
        project_id: row.project_id,
        service_id: row.service_id,
        service_name: row.service_name,
        service_type: row.service_type,
        approval_required: row.approval_required === 1,
        status: row.status,
        ever_accepted: row.ever_accepted === 1,
        marker_id: row.marker_id,
        vpc_id: row.vpc_id,
        subnet_id: row.subnet_id,
        ip: row.ip,
        dns_name: row.dns_name,
        enable_dns: row.enable_dns === 1,
        whitelist: row.whitelist === null ? null : JSON.parse(row.whitelist),
        enable_whitelist: row.enable_whitelist === null ? null : row.enable_whitelist === 1,
        routetables: row.routetables === null ? null : JSON.parse(row.routetables),
        policy_statement: row.policy_statement === null ? null : JSON.parse(row.policy_statement),
        specification_name: row.specification_name,
        endpoint_pool_id: row.endpoint_pool_id,
        description: row.description,
        connection_description: row.connection_description,
        tags: (tags.get(row.id) ?? []).map(({ key, value }) => ({ key, value })),
        error: row.error_code === null ? null : { error_code: row.error_code, error_message: row.error_message },
        created_at: isoTime(row.created_at),
        updated_at: isoTime(row.updated_at),
      }),
    );
  }

  /** An address for an endpoint the document gives none: from its subnet's pool when the VPC API has it. */
  function newAddress(projectId: string, subnetId: string): string {
    return claimAddress(ctx.addresses, subnetId, undefined, ctx.references.knownSubnet(projectId, subnetId));
  }

  function importOne(record: EndpointRecordInput): void {
    const service = ctx.directory.findById(record.service_id);
    const serviceName = record.service_name ?? service?.service_name;
    const serviceType = record.service_type ?? service?.service_type;
    if (serviceName === undefined || serviceType === undefined) {
      throw new StateError(
        `service ${record.service_id} is neither in the document nor public; give service_name and service_type`,
      );
    }
    const gateway = serviceType === 'gateway';
    if (!gateway && !record.subnet_id) throw new StateError('subnet_id is required for an interface endpoint');
    const createdAt = record.created_at === undefined ? ctx.clock.now() : parseIsoTime(record.created_at);
    insertEndpoint.run({
      id: record.id,
      project_id: record.project_id,
      service_id: record.service_id,
      service_name: serviceName,
      service_type: serviceType,
      approval_required: (record.approval_required ?? service?.approval_enabled ?? false) ? 1 : 0,
      status: record.status,
      ever_accepted: (record.ever_accepted ?? record.status === 'accepted') ? 1 : 0,
      marker_id: record.marker_id ?? newMarkerId(ctx.store, ctx.random),
      vpc_id: record.vpc_id,
      subnet_id: record.subnet_id ?? null,
      ip: gateway ? null : (record.ip ?? newAddress(record.project_id, record.subnet_id!)),
      dns_name: gateway || !record.enable_dns ? null : (record.dns_name ?? dnsName(record.id, ctx.region)),
      enable_dns: record.enable_dns ? 1 : 0,
      whitelist: gateway ? null : JSON.stringify(record.whitelist ?? []),
      enable_whitelist: gateway ? null : record.enable_whitelist ? 1 : 0,
      routetables: gateway
        ? JSON.stringify(record.routetables?.length ? record.routetables : [defaultRouteTable(record.vpc_id)])
        : null,
      policy_statement: gateway
        ? JSON.stringify(record.policy_statement ? normalizePolicy(record.policy_statement) : DEFAULT_POLICY)
        : null,
      specification_name: record.specification_name,
      endpoint_pool_id: record.endpoint_pool_id ?? ctx.random.uuid(),
      description: record.description,
      connection_description: record.connection_description,
      created_at: createdAt,
      updated_at: record.updated_at === undefined ? createdAt : parseIsoTime(record.updated_at),
      error_code: record.error?.error_code ?? null,
      error_message: record.error?.error_message ?? null,
    });
    checkUniqueTagKeys(record.tags).forEach((tag, position) =>
      insertTag.run(record.id, position, tag.key, tag.value),
    );
  }

  return {
    key: 'endpoints',
    schema: Type.Array(EndpointRecord, { description: 'Endpoints, oldest first' }),
    export: exportAll,
    import: (value) =>
      (value as EndpointRecordInput[]).forEach((record, i) => loading(`endpoints[${i}]`, () => importOne(record))),
    reset: (scope) => removeInScope(removals, scope),
    count: (): Counts => ({ endpoints: countEndpoints.get() as number }),
  };
}
