// Endpoint services in SQLite: one prepared statement per query shape, indexes that match them
// (see migrations/001 and 002), and the mapping from rows to the API's flat service object.
import { domainIdSql } from '../accounts/domains.js';
import { errorOf, outsideBorderGroup, PUBLIC_BORDER_GROUP, type Paging, type ResourceErrorView } from '../common/schemas.js';
import type { Db } from '../db/database.js';
import { containing, ListStatements, rowsByProject } from '../db/list-statements.js';
import { ViewCache } from '../db/view-cache.js';
import { tagsJsonSql, TagStore } from '../tags/store.js';
import type { TaggableResource } from '../tags/resources.js';
import type { ResourceTag } from '../tags/schemas.js';
import { formatTimestamp } from '../runtime/clock.js';
import type { EndpointServiceView, ServerResourceView, ServiceStatus } from './schemas.js';

export interface PortMapping {
  client_port: number;
  server_port: number;
  protocol: string;
}

/** Everything a new service is made of, defaults already applied. */
export interface NewService {
  id: string;
  project_id: string;
  region: string;
  name: string | undefined;
  port_id: string;
  vpc_id: string;
  pool_id: string;
  service_type: string;
  server_type: string;
  approval_enabled: boolean;
  status: ServiceStatus;
  tcp_proxy: string;
  description: string;
  ip_version: string;
  enable_policy: boolean;
  payer: string;
  enterprise_project_id: string;
  supported_editions: string[];
  ip?: string;
  created_at: number;
  ports: PortMapping[];
  tags: ResourceTag[];
}

/** The fields a modification may change. */
export interface ServiceChanges {
  name?: string;
  approval_enabled?: boolean;
  port_id?: string;
  tcp_proxy?: string;
  description?: string;
  ip?: string;
  ports?: PortMapping[];
}

export interface ServiceFilter extends Paging {
  endpoint_service_name?: string;
  id?: string;
  status?: ServiceStatus;
  public_border_group?: string;
}

export interface PortConflict {
  service_id: string;
  server_port: number;
  protocol: string;
}

/** A row of endpoint_services, as stored. */
export interface ServiceColumns {
  id: string;
  project_id: string;
  region: string;
  name: string | null;
  service_name: string;
  port_id: string;
  vpc_id: string;
  pool_id: string;
  service_type: string;
  server_type: string;
  approval_enabled: number;
  status: ServiceStatus;
  tcp_proxy: string;
  description: string;
  ip_version: string;
  enable_policy: number;
  payer: string;
  enterprise_project_id: string;
  supported_editions: string;
  ip: string | null;
  server_resources: string;
  created_at: number;
  updated_at: number;
  error_code: string | null;
  error_message: string | null;
}

/** A service as the API's reads select it: the row with its ports, tags, connection count and domain. */
interface ServiceRow extends ServiceColumns {
  ports_json: string;
  tags_json: string;
  connection_count: number;
  domain_id: string;
}

/** What a view shows besides the service's own row. */
interface ServiceParts {
  ports: PortMapping[];
  tags: ResourceTag[];
  connection_count: number;
  domain_id: string;
}

/** `{region}.{id}`, or `{region}.{name}.{id}` when the service has a name. */
export function fullServiceName(region: string, name: string | null | undefined, id: string): string {
  return name ? `${region}.${name}.${id}` : `${region}.${id}`;
}

// connection_count: the service's endpoints that are creating or accepted (vpcep-api.md §5.1). The
// same endpoints keep the service from being deleted. Ports are read in their primary key's order
// (service_id, position), so the subquery needs no sort of its own.
const SERVICE_COLUMNS = `s.*,
    (SELECT json_group_array(json_object('client_port', p.client_port, 'server_port', p.server_port,
                                         'protocol', p.protocol))
     FROM (SELECT * FROM service_ports WHERE service_id = s.id ORDER BY position) p) AS ports_json,
    ${tagsJsonSql('s.id')} AS tags_json,
    (SELECT COUNT(*) FROM endpoints e WHERE e.service_id = s.id AND e.status IN ('creating', 'accepted'))
      AS connection_count,
    ${domainIdSql('s.project_id')} AS domain_id`;

const SELECT_SERVICE = `SELECT ${SERVICE_COLUMNS} FROM endpoint_services s`;

// What a service's view is made of, for the cache of views: its row, ports and tags, the endpoints that
// count as its connections, and the projects' accounts (a project registered later moves to a domain).
const VIEW_SOURCES = [
  { table: 'endpoint_services', viewId: '$row.id', own: true },
  { table: 'service_ports', viewId: '$row.service_id' },
  { table: 'resource_tags', viewId: '$row.resource_id' },
  { table: 'endpoints', viewId: '$row.service_id', columns: ['service_id', 'status'] },
  { table: 'identity_projects', viewId: '$row.id', all: true },
];

function toView(row: ServiceRow): EndpointServiceView {
  return serviceView(row, {
    ports: JSON.parse(row.ports_json),
    tags: JSON.parse(row.tags_json),
    connection_count: row.connection_count,
    domain_id: row.domain_id,
  });
}

/** The API's flat service object, from the stored row and what the view shows besides it. */
function serviceView(row: ServiceColumns, parts: ServiceParts): EndpointServiceView {
  return {
    id: row.id,
    port_id: row.port_id,
    vpc_id: row.vpc_id,
    pool_id: row.pool_id,
    service_name: row.service_name,
    service_type: row.service_type,
    server_type: row.server_type,
    approval_enabled: row.approval_enabled === 1,
    status: row.status,
    created_at: formatTimestamp(row.created_at),
    updated_at: formatTimestamp(row.updated_at),
    project_id: row.project_id,
    domain_id: parts.domain_id,
    ports: parts.ports,
    tcp_proxy: row.tcp_proxy,
    tags: parts.tags,
    description: row.description,
    ip_version: row.ip_version,
    ...(row.ip === null ? {} : { ip: row.ip }),
    cidr_type: 'internal',
    public_border_group: PUBLIC_BORDER_GROUP,
    enable_policy: row.enable_policy === 1,
    payer: row.payer,
    enterprise_project_id: row.enterprise_project_id,
    supported_editions: JSON.parse(row.supported_editions),
    connection_count: parts.connection_count,
    ...errorOf(row),
  };
}

export class ServiceStore {
  private readonly tags: TagStore;
  private readonly insertService;
  private readonly insertPort;
  private readonly deletePorts;
  private readonly selectAny;
  private readonly selectByName;
  private readonly countOfProject;
  private readonly selectNaming;
  private readonly updateService;
  private readonly updateEditions;
  private readonly selectServerResources;
  private readonly updateServerResources;
  private readonly renameEndpoints;
  private readonly moveStatus;
  private readonly updateFailed;
  private readonly deleteService;
  private readonly backendConflict;
  private readonly selectNamed;
  private readonly selectAllNamed;
  private readonly listStatements: ListStatements<{ id: string }>;
  private readonly selectByProject;
  private readonly selectOnPort;
  private readonly selectDomainId;
  private readonly views: ViewCache<EndpointServiceView>;

  constructor(db: Db) {
    this.tags = new TagStore(db);
    this.views = new ViewCache(db, VIEW_SOURCES);
    this.selectDomainId = db.prepare(`SELECT ${domainIdSql('@project_id')}`).pluck();
    this.insertService = db.prepare(`
      INSERT INTO endpoint_services (id, project_id, region, name, service_name, port_id, vpc_id, pool_id,
        service_type, server_type, approval_enabled, status, tcp_proxy, description, ip_version,
        enable_policy, payer, enterprise_project_id, supported_editions, ip, created_at, updated_at)
      VALUES (@id, @project_id, @region, @name, @service_name, @port_id, @vpc_id, @pool_id,
        @service_type, @server_type, @approval_enabled, @status, @tcp_proxy, @description, @ip_version,
        @enable_policy, @payer, @enterprise_project_id, @supported_editions, @ip, @created_at, @created_at)`);
    this.insertPort = db.prepare(`
      INSERT INTO service_ports (service_id, position, port_id, client_port, server_port, protocol)
      VALUES (?, ?, ?, ?, ?, ?)`);
    this.deletePorts = db.prepare('DELETE FROM service_ports WHERE service_id = ?');
    this.selectAny = db.prepare(`${SELECT_SERVICE} WHERE s.id = ?`);
    this.selectByName = db.prepare(`${SELECT_SERVICE} WHERE s.service_name = ?`);
    this.countOfProject = db.prepare('SELECT COUNT(*) FROM endpoint_services WHERE project_id = ?').pluck();
    this.selectNaming = db.prepare('SELECT region, name FROM endpoint_services WHERE id = ?');
    this.updateService = db.prepare(`
      UPDATE endpoint_services SET name = @name, service_name = @service_name,
        approval_enabled = @approval_enabled, port_id = @port_id, tcp_proxy = @tcp_proxy,
        description = @description, ip = @ip, updated_at = @now
      WHERE id = @id`);
    this.updateEditions = db.prepare(
      'UPDATE endpoint_services SET supported_editions = ?, updated_at = ? WHERE id = ?',
    );
    this.selectServerResources = db.prepare('SELECT server_resources FROM endpoint_services WHERE id = ?').pluck();
    this.updateServerResources = db.prepare(
      'UPDATE endpoint_services SET server_resources = ?, updated_at = ? WHERE id = ?',
    );
    // Endpoints keep the full name of their service, so that they still show it once the service is gone.
    this.renameEndpoints = db.prepare('UPDATE endpoints SET service_name = ? WHERE service_id = ?');
    this.selectOnPort = db.prepare('SELECT id FROM endpoint_services WHERE port_id = ? ORDER BY seq').pluck();
    // A status moves only from the one the caller saw, in one statement; the error goes with failed.
    this.moveStatus = db
      .prepare(`
        UPDATE endpoint_services SET status = @to, updated_at = @now, error_code = NULL, error_message = NULL
        WHERE id = @id AND status = @from RETURNING project_id`)
      .pluck();
    this.updateFailed = db
      .prepare(`
        UPDATE endpoint_services SET status = 'failed', updated_at = @now, error_code = @error_code,
          error_message = @error_message
        WHERE id = @id RETURNING project_id`)
      .pluck();
    this.deleteService = db.prepare('DELETE FROM endpoint_services WHERE id = ? RETURNING project_id').pluck();
    this.backendConflict = db.prepare(`
      SELECT service_id, server_port, protocol FROM service_ports
      WHERE port_id = ? AND server_port = ? AND protocol = ? AND service_id != ?
      LIMIT 1`);
    // The tag API's view of a service: its ID and full name (see tags/resources.ts).
    this.selectNamed = db.prepare(
      'SELECT id, service_name AS name FROM endpoint_services WHERE id = ? AND project_id = ?',
    );
    this.selectAllNamed = db.prepare(`
      SELECT id, service_name AS name FROM endpoint_services WHERE project_id = ?
      ORDER BY created_at DESC, seq DESC`);
    // A page is a list of ids; their views come from the cache, or are read one by one.
    this.listStatements = new ListStatements(db, {
      columns: 's.id',
      from: 'endpoint_services s',
      alias: 's',
    });
    this.selectByProject = rowsByProject<ServiceRow>(db, SELECT_SERVICE, 's');
  }

  /** Writes the new service; answers its view, made from what was written rather than read back. */
  insert(service: NewService): EndpointServiceView {
    const row = {
      ...service,
      name: service.name ?? null,
      service_name: fullServiceName(service.region, service.name, service.id),
      approval_enabled: service.approval_enabled ? 1 : 0,
      enable_policy: service.enable_policy ? 1 : 0,
      supported_editions: JSON.stringify(service.supported_editions),
      ip: service.ip ?? null,
    };
    this.insertService.run(row);
    this.insertPorts(service.id, service.port_id, service.ports);
    this.tags.add(service.id, service.tags);
    const stored = { ...row, server_resources: '[]', updated_at: row.created_at, error_code: null, error_message: null };
    return serviceView(stored, {
      ports: service.ports,
      tags: service.tags,
      connection_count: 0,
      domain_id: this.selectDomainId.get({ project_id: service.project_id }) as string,
    });
  }

  /** The service if it exists and belongs to the project; another project's service is not found. */
  find(projectId: string, id: string): EndpointServiceView | undefined {
    const view = this.findById(id);
    return view?.project_id === projectId ? view : undefined;
  }

  findById(id: string): EndpointServiceView | undefined {
    return this.views.get(id, this.readById);
  }

  private readonly readById = (id: string): EndpointServiceView | undefined => {
    const row = this.selectAny.get(id) as ServiceRow | undefined;
    return row && toView(row);
  };

  findNamed(projectId: string, id: string): TaggableResource | undefined {
    return this.selectNamed.get(id, projectId) as TaggableResource | undefined;
  }

  /** Every service of the project, newest first. */
  listNamed(projectId: string): TaggableResource[] {
    return this.selectAllNamed.all(projectId) as TaggableResource[];
  }

  /** The service of any project with this full name. */
  findByName(serviceName: string): EndpointServiceView | undefined {
    const row = this.selectByName.get(serviceName) as ServiceRow | undefined;
    return row && toView(row);
  }

  /** The services of any project, in any status, whose backend is this port. */
  onPort(portId: string): string[] {
    return this.selectOnPort.all(portId) as string[];
  }

  /** How many services the project has, in any status: what its quota limits. */
  countInProject(projectId: string): number {
    return this.countOfProject.get(projectId) as number;
  }

  list(projectId: string, filter: ServiceFilter): { items: EndpointServiceView[]; total: number } {
    const where = ['s.project_id = @project_id'];
    if (filter.id !== undefined) where.push('s.id = @id');
    if (filter.status !== undefined) where.push('s.status = @status');
    if (outsideBorderGroup(filter.public_border_group)) {
      return { items: [], total: 0 };
    }
    if (filter.endpoint_service_name) where.push(`s.service_name LIKE @name ESCAPE '\\'`);
    const { rows, total } = this.listStatements.page(where, filter, {
      project_id: projectId,
      id: filter.id,
      status: filter.status,
      name: filter.endpoint_service_name && containing(filter.endpoint_service_name),
    });
    return { items: rows.map((row) => this.findById(row.id)!), total };
  }

  /** Every service of every project (or of one), by project and then in the order they were created. */
  listAll(projectId?: string): EndpointServiceView[] {
    return this.selectByProject(projectId).map(toView);
  }

  /** Writes the changes; the caller has checked them. Renaming recomputes the full name at once. */
  update(current: EndpointServiceView, changes: ServiceChanges, now: number): void {
    const naming = this.selectNaming.get(current.id) as { region: string; name: string | null };
    const name = changes.name === undefined ? naming.name : changes.name || null;
    const serviceName = fullServiceName(naming.region, name, current.id);
    this.updateService.run({
      id: current.id,
      name,
      service_name: serviceName,
      approval_enabled: (changes.approval_enabled ?? current.approval_enabled) ? 1 : 0,
      port_id: changes.port_id ?? current.port_id,
      tcp_proxy: changes.tcp_proxy ?? current.tcp_proxy,
      description: changes.description ?? current.description,
      ip: changes.ip ?? current.ip ?? null,
      now,
    });
    if (serviceName !== current.service_name) this.renameEndpoints.run(serviceName, current.id);
    if (changes.ports !== undefined || changes.port_id !== undefined) {
      this.writePorts(current.id, changes.port_id ?? current.port_id, changes.ports ?? current.ports);
    }
  }

  setEditions(id: string, editions: string[], now: number): void {
    this.updateEditions.run(JSON.stringify(editions), now, id);
  }

  /** Adds backends, each resource once: one already there keeps its place and takes the new zone. */
  addServerResources(id: string, added: ServerResourceView[], now: number): void {
    const resources = JSON.parse(this.selectServerResources.get(id) as string) as ServerResourceView[];
    for (const resource of added) {
      const at = resources.findIndex((r) => r.resource_id === resource.resource_id);
      if (at >= 0) resources[at] = resource;
      else resources.push(resource);
    }
    this.updateServerResources.run(JSON.stringify(resources), now, id);
  }

  /** Moves the service from status `from` to `to`; answers its project, or undefined if it was not in `from`. */
  moveFrom(id: string, from: ServiceStatus, to: ServiceStatus, now: number): string | undefined {
    return this.moveStatus.get({ id, from, to, now }) as string | undefined;
  }

  /** Puts the service in status failed with the error; answers its project, or undefined if it is gone. */
  fail(id: string, error: ResourceErrorView, now: number): string | undefined {
    return this.updateFailed.get({ id, now, ...error }) as string | undefined;
  }

  /** Deletes the service with its ports, whitelist and tags; answers its project, or undefined if it is gone. */
  remove(id: string): string | undefined {
    this.tags.removeFor(id);
    return this.deleteService.get(id) as string | undefined;
  }

  /** The first mapping of another service on the same backend port that uses one of these pairs. */
  findBackendConflict(portId: string, ports: PortMapping[], exceptServiceId = ''): PortConflict | undefined {
    for (const port of ports) {
      const hit = this.backendConflict.get(portId, port.server_port, port.protocol, exceptServiceId);
      if (hit) return hit as PortConflict;
    }
    return undefined;
  }

  private writePorts(serviceId: string, portId: string, ports: PortMapping[]): void {
    this.deletePorts.run(serviceId);
    this.insertPorts(serviceId, portId, ports);
  }

  private insertPorts(serviceId: string, portId: string, ports: PortMapping[]): void {
    ports.forEach((p, position) =>
      this.insertPort.run(serviceId, position, portId, p.client_port, p.server_port, p.protocol),
    );
  }
}
