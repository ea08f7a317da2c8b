// Endpoint services in a state document: each service with its port mappings, tags and whitelist
// records, every stored field included so that an export imports back to the same state. A seed written
// by hand may leave out what has a default (as on create), the times (now) and the record ids.
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
import { loading, removeInScope, scopedRemovals, type Counts, type StateSection } from '../db/state.js';
import { canonicalRecord } from '../permissions/operations.js';
import { PermissionRecord } from '../permissions/schemas.js';
import type { Clock } from '../runtime/clock.js';
import type { Random } from '../runtime/random.js';
import { checkUniqueTagKeys } from '../tags/schemas.js';
import { CreateServiceBody, SERVICE_STATUSES, ServerResource } from './schemas.js';
import { fullServiceName, type ServiceColumns } from './store.js';

const create = CreateServiceBody.properties;

const ServiceRecord = Type.Object({
  id: Uuid(),
  project_id: ProjectId,
  region: Type.Optional(Type.String({ minLength: 1, description: 'Default: VPCEP_REGION' })),
  name: Type.Optional({ ...create.service_name, description: 'The short name; the full name derives from it' }),
  status: Type.Enum(SERVICE_STATUSES),
  port_id: create.port_id,
  vpc_id: create.vpc_id,
  pool_id: Type.Optional(Type.String({ maxLength: 64, description: 'Default: a new UUID' })),
  service_type: create.service_type,
  server_type: create.server_type,
  approval_enabled: create.approval_enabled,
  tcp_proxy: create.tcp_proxy,
  description: create.description,
  ip_version: create.ip_version,
  enable_policy: create.enable_policy,
  payer: create.payer,
  enterprise_project_id: create.enterprise_project_id,
  supported_editions: create.supported_editions,
  ip: create.ip,
  server_resources: Type.Optional(
    Type.Array(ServerResource, { default: [], description: 'Backends added with v2 add-server-resources' }),
  ),
  ports: create.ports,
  tags: create.tags,
  permissions: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.Optional(Uuid({ description: 'Default: a new UUID' })),
        permission: PermissionRecord,
        description: Type.Optional(Description({ default: '' })),
        created_at: Type.Optional(Timestamp({ description: "Default: the service's created_at" })),
      }),
      { default: [], description: 'Whitelist records' },
    ),
  ),
  error: Type.Optional({ ...ResourceError, description: 'Why the service failed (status failed only)' }),
  created_at: Type.Optional(Timestamp({ description: 'Default: now' })),
  updated_at: Type.Optional(Timestamp({ description: 'Default: created_at' })),
});

type ServiceRecordInput = WithDefaults<
  Static<typeof ServiceRecord>,
  | 'service_type'
  | 'approval_enabled'
  | 'tcp_proxy'
  | 'description'
  | 'ip_version'
  | 'enable_policy'
  | 'payer'
  | 'enterprise_project_id'
  | 'supported_editions'
  | 'tags'
  | 'permissions'
  | 'server_resources'
>;

interface PortRow {
  service_id: string;
  client_port: number;
  server_port: number;
  protocol: string;
}
interface TagRow {
  resource_id: string;
  key: string;
  value: string;
}
interface PermissionRow {
  service_id: string;
  id: string;
  permission: string;
  description: string;
  created_at: number;
}

const COLUMNS = `id, project_id, region, name, service_name, port_id, vpc_id, pool_id, service_type, server_type,
  approval_enabled, status, tcp_proxy, description, ip_version, enable_policy, payer, enterprise_project_id,
  supported_editions, ip, server_resources, created_at, updated_at, error_code, error_message`;

export interface ServiceStateContext {
  region: string;
  clock: Clock;
  random: Random;
}

export function serviceState(db: Db, ctx: ServiceStateContext): StateSection {
  const selectServices = db.prepare(`SELECT ${COLUMNS} FROM endpoint_services ORDER BY seq`);
  const selectPorts = db.prepare(`
    SELECT service_id, client_port, server_port, protocol FROM service_ports ORDER BY service_id, position`);
  const selectTags = db.prepare(`
    SELECT t.resource_id, t.key, t.value FROM resource_tags t JOIN endpoint_services s ON s.id = t.resource_id
    ORDER BY t.resource_id, t.position`);
  const selectPermissions = db.prepare(
    'SELECT service_id, id, permission, description, created_at FROM service_permissions ORDER BY seq',
  );
  const insertService = db.prepare(`INSERT INTO endpoint_services (${COLUMNS}) VALUES (${named(COLUMNS)})`);
  const insertPort = db.prepare(`
    INSERT INTO service_ports (service_id, position, port_id, client_port, server_port, protocol)
    VALUES (?, ?, ?, ?, ?, ?)`);
  const insertTag = db.prepare('INSERT INTO resource_tags (resource_id, position, key, value) VALUES (?, ?, ?, ?)');
  const insertPermission = db.prepare(
    'INSERT INTO service_permissions (id, service_id, permission, description, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  // Their port mappings go with them (ON DELETE CASCADE).
  const removals = scopedRemovals(db, 'endpoint_services', (inScope) => ({
    permissions: `DELETE FROM service_permissions WHERE service_id IN (${inScope})`,
  }));

  const counts = {
    endpoint_services: db.prepare('SELECT COUNT(*) FROM endpoint_services').pluck(),
    permissions: db.prepare('SELECT COUNT(*) FROM service_permissions').pluck(),
  };

  function exportAll(): unknown[] {
    const ports = groupBy(selectPorts.all() as PortRow[], (p) => p.service_id);
    const tags = groupBy(selectTags.all() as TagRow[], (t) => t.resource_id);
    const permissions = groupBy(selectPermissions.all() as PermissionRow[], (p) => p.service_id);
    return (selectServices.all() as ServiceColumns[]).map((row) => withoutNulls({
      id: row.id,
      project_id: row.project_id,
      region: row.region,
      name: row.name,
      status: row.status,
      port_id: row.port_id,
      vpc_id: row.vpc_id,
      pool_id: row.pool_id,
      service_type: row.service_type,
      server_type: row.server_type,
      approval_enabled: row.approval_enabled === 1,
      tcp_proxy: row.tcp_proxy,
      description: row.description,
      ip_version: row.ip_version,
      enable_policy: row.enable_policy === 1,
      payer: row.payer,
      enterprise_project_id: row.enterprise_project_id,
      supported_editions: JSON.parse(row.supported_editions),
      ip: row.ip,
      server_resources: JSON.parse(row.server_resources),
      ports: (ports.get(row.id) ?? []).map(({ client_port, server_port, protocol }) => ({
        client_port,
        server_port,
        protocol,
      })),
      tags: (tags.get(row.id) ?? []).map(({ key, value }) => ({ key, value })),
      permissions: (permissions.get(row.id) ?? []).map((p) => ({
        id: p.id,
        permission: p.permission,
        description: p.description,
        created_at: isoTime(p.created_at),
      })),
      error: row.error_code === null ? null : { error_code: row.error_code, error_message: row.error_message },
      created_at: isoTime(row.created_at),
      updated_at: isoTime(row.updated_at),
    }));
  }

  function importOne(record: ServiceRecordInput): void {
    const region = record.region ?? ctx.region;
    const createdAt = record.created_at === undefined ? ctx.clock.now() : parseIsoTime(record.created_at);
    insertService.run({
      ...record,
      region,
      name: record.name || null,
      service_name: fullServiceName(region, record.name, record.id),
      pool_id: record.pool_id ?? ctx.random.uuid(),
      approval_enabled: record.approval_enabled ? 1 : 0,
      enable_policy: record.enable_policy ? 1 : 0,
      supported_editions: JSON.stringify(record.supported_editions),
      ip: record.ip ?? null,
      server_resources: JSON.stringify(record.server_resources),
      created_at: createdAt,
      updated_at: record.updated_at === undefined ? createdAt : parseIsoTime(record.updated_at),
      error_code: record.error?.error_code ?? null,
      error_message: record.error?.error_message ?? null,
    });
    record.ports.forEach((p, position) =>
      loading(`ports[${position}]`, () =>
        insertPort.run(record.id, position, record.port_id, p.client_port, p.server_port, p.protocol ?? 'TCP'),
      ),
    );
    checkUniqueTagKeys(record.tags).forEach((tag, position) =>
      insertTag.run(record.id, position, tag.key, tag.value),
    );
    record.permissions.forEach((p, i) =>
      loading(`permissions[${i}]`, () =>
        insertPermission.run(
          p.id ?? ctx.random.uuid(),
          record.id,
          canonicalRecord(p.permission),
          p.description,
          p.created_at === undefined ? createdAt : parseIsoTime(p.created_at),
        ),
      ),
    );
  }

  return {
    key: 'endpoint_services',
    schema: Type.Array(ServiceRecord, { description: 'Endpoint services, oldest first' }),
    export: exportAll,
    import: (value) =>
      (value as ServiceRecordInput[]).forEach((record, i) => loading(`endpoint_services[${i}]`, () => importOne(record))),
    reset: (scope) => removeInScope(removals, scope),
    count: (): Counts => ({
      endpoint_services: counts.endpoint_services.get() as number,
      permissions: counts.permissions.get() as number,
    }),
  };
}
