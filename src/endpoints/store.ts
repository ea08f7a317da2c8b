// Endpoints in SQLite: one prepared statement per query shape, indexes that match them (see
// migrations/002), and the mapping from rows to the API's flat endpoint object.
import { errorOf, outsideBorderGroup, type Paging, type ResourceErrorView } from '../common/schemas.js';
import type { Db } from '../db/database.js';
import { formatTimestamp } from '../runtime/clock.js';
import { containing, ListStatements, rowsByProject } from '../db/list-statements.js';
import type { TaggableResource, TaggableResources } from '../tags/resources.js';
import type { ResourceTag } from '../tags/schemas.js';
import { tagsJsonSql, TagStore } from '../tags/store.js';
import type { EndpointStatus, EndpointView, PolicyStatementView } from './schemas.js';

/** Everything a new endpoint is made of. The fields of the other service type are null. */
export interface NewEndpoint {
  id: string;
  project_id: string;
  service_id: string;
  service_name: string;
  service_type: string;
  approval_required: boolean;
  marker_id: number;
  vpc_id: string;
  subnet_id: string | null;
  ip: string | null;
  dns_name: string | null;
  enable_dns: boolean;
  whitelist: string[] | null;
  enable_whitelist: boolean | null;
  routetables: string[] | null;
  policy_statement: PolicyStatementView[] | null;
  specification_name: string;
  endpoint_pool_id: string;
  description: string;
  created_at: number;
  tags: ResourceTag[];
}


export interface EndpointFilter extends Paging {
  endpoint_service_name?: string;
  vpc_id?: string;
  id?: string;
  public_border_group?: string;
}

/** A row of endpoints, as stored. */
export interface EndpointColumns {
  id: string;
  project_id: string;
  service_id: string;
  service_name: string;
  service_type: string;
  approval_required: number;
  status: EndpointStatus;
  ever_accepted: number;
  marker_id: number;
  vpc_id: string;
  subnet_id: string | null;
  ip: string | null;
  dns_name: string | null;
  enable_dns: number;
  whitelist: string | null;
  enable_whitelist: number | null;
  routetables: string | null;
  policy_statement: string | null;
  specification_name: string;
  endpoint_pool_id: string;
  description: string;
  connection_description: string;
  created_at: number;
  updated_at: number;
  error_code: string | null;
  error_message: string | null;
}

/** An endpoint as the API's reads select it: the row with its tags. */
interface EndpointRow extends EndpointColumns {
  tags_json: string;
}

const ENDPOINT_COLUMNS = `e.*, ${tagsJsonSql('e.id')} AS tags_json`;

/**
 * The address is shown once the owner has let the endpoint in: while accepted, and still after a
 * rejection that followed an acceptance (vpcep-api.md §5.2).
 */
function visibleIp(row: EndpointRow): string | undefined {
  const shown = row.status === 'accepted' || (row.status === 'rejected' && row.ever_accepted === 1);
  return shown && row.ip !== null ? row.ip : undefined;
}

function toView(row: EndpointRow): EndpointView {
  return {
    id: row.id,
    service_type: row.service_type,
    status: row.status,
    active_status: ['active'],
    endpoint_service_name: row.service_name,
    endpoint_service_id: row.service_id,
    marker_id: row.marker_id,
    enable_dns: row.enable_dns === 1,
    ...(row.dns_name === null ? {} : { dns_names: [row.dns_name] }),
    ip: visibleIp(row),
    vpc_id: row.vpc_id,
    subnet_id: row.subnet_id ?? undefined,
    created_at: formatTimestamp(row.created_at),
    updated_at: formatTimestamp(row.updated_at),
    project_id: row.project_id,
    tags: JSON.parse(row.tags_json),
    whitelist: row.whitelist === null ? undefined : JSON.parse(row.whitelist),
    enable_whitelist: row.enable_whitelist === null ? undefined : row.enable_whitelist === 1,
    routetables: row.routetables === null ? undefined : JSON.parse(row.routetables),
    policy_statement: row.policy_statement === null ? undefined : JSON.parse(row.policy_statement),
    specification_name: row.specification_name,
    enable_status: 'enable',
    endpoint_pool_id: row.endpoint_pool_id,
    description: row.description,
    ...errorOf(row),
  };
}

const jsonOrNull = (value: unknown) => (value === null ? null : JSON.stringify(value));
const flagOrNull = (value: boolean | null) => (value === null ? null : value ? 1 : 0);

export class EndpointStore {
  private readonly tags: TagStore;
  private readonly insertEndpoint;
  private readonly selectOne;
  private readonly selectAny;
  private readonly moveStatus;
  private readonly reachService;
  private readonly updateFailed;
  private readonly deleteEndpoint;
  private readonly countOfProject;
  private readonly selectMarker;
  private readonly selectNamed;
  private readonly selectAllNamed;
  private readonly listStatements;
  private readonly selectByProject;
  private readonly updateWhitelist;
  private readonly updateRouteTables;
  private readonly updatePolicy;
  private readonly updateSpecification;
  private readonly selectRouteTableUsers;

  constructor(db: Db) {
    this.tags = new TagStore(db);
    this.insertEndpoint = db.prepare(`
      INSERT INTO endpoints (id, project_id, service_id, service_name, service_type, approval_required,
        status, marker_id, vpc_id, subnet_id, ip, dns_name, enable_dns, whitelist, enable_whitelist,
        routetables, policy_statement, specification_name, endpoint_pool_id, description, created_at,
        updated_at)
      VALUES (@id, @project_id, @service_id, @service_name, @service_type, @approval_required,
        'creating', @marker_id, @vpc_id, @subnet_id, @ip, @dns_name, @enable_dns, @whitelist,
        @enable_whitelist, @routetables, @policy_statement, @specification_name, @endpoint_pool_id,
        @description, @created_at, @created_at)`);
    this.selectOne = db.prepare(
      `SELECT ${ENDPOINT_COLUMNS} FROM endpoints e WHERE e.id = ? AND e.project_id = ?`,
    );
    this.selectAny = db.prepare(`SELECT ${ENDPOINT_COLUMNS} FROM endpoints e WHERE e.id = ?`);
    // A status moves only from the one the caller saw, in one statement. Once accepted, an endpoint
    // keeps the mark, whatever its status becomes.
    this.moveStatus = db
      .prepare(`
        UPDATE endpoints SET status = @to, updated_at = @now, ever_accepted = ever_accepted OR @to = 'accepted',
          error_code = NULL, error_message = NULL
        WHERE id = @id AND status = @from RETURNING project_id`)
      .pluck();
    // Whether the owner must accept was fixed when the endpoint was created (approval_required).
    this.reachService = db.prepare(`
      UPDATE endpoints SET
        status = CASE approval_required WHEN 1 THEN 'pendingAcceptance' ELSE 'accepted' END,
        ever_accepted = ever_accepted OR approval_required = 0, updated_at = @now
      WHERE id = @id AND status = 'creating' RETURNING project_id, status`);
    this.updateFailed = db
      .prepare(`
        UPDATE endpoints SET status = 'failed', updated_at = @now, error_code = @error_code,
          error_message = @error_message
        WHERE id = @id RETURNING project_id`)
      .pluck();
    this.deleteEndpoint = db.prepare('DELETE FROM endpoints WHERE id = ? RETURNING project_id').pluck();
    this.countOfProject = db.prepare('SELECT COUNT(*) FROM endpoints WHERE project_id = ?').pluck();
    this.selectMarker = db.prepare('SELECT 1 FROM endpoints WHERE marker_id = ?').pluck();
    // The tag API's view of an endpoint: endpoints have no name, so the ID stands in for it.
    this.selectNamed = db.prepare('SELECT id, id AS name FROM endpoints WHERE id = ? AND project_id = ?');
    this.selectAllNamed = db.prepare(`
      SELECT id, id AS name FROM endpoints WHERE project_id = ? ORDER BY created_at DESC, seq DESC`);
    this.updateWhitelist = db.prepare(
      'UPDATE endpoints SET whitelist = ?, enable_whitelist = ?, updated_at = ? WHERE id = ?',
    );
    this.updateRouteTables = db.prepare('UPDATE endpoints SET routetables = ?, updated_at = ? WHERE id = ?');
    this.updatePolicy = db.prepare('UPDATE endpoints SET policy_statement = ?, updated_at = ? WHERE id = ?');
    this.updateSpecification = db.prepare(
      'UPDATE endpoints SET specification_name = ?, updated_at = ? WHERE id = ?',
    );
    // Which of the route tables another endpoint of the service has, in any status until it is gone. Route
    // tables belong to a project's VPCs, and VPC ids are the caller's word here, so only the project's
    // own endpoints count.
    this.selectRouteTableUsers = db
      .prepare(`
        SELECT DISTINCT t.value FROM endpoints e, json_each(e.routetables) t
        WHERE e.service_id = @service_id AND e.routetables IS NOT NULL AND e.project_id = @project_id
          AND e.id != @id AND t.value IN (SELECT value FROM json_each(@tables))`)
      .pluck();
    this.listStatements = new ListStatements<EndpointRow>(db, {
      columns: ENDPOINT_COLUMNS,
      from: 'endpoints e',
      alias: 'e',
    });
    this.selectByProject = rowsByProject<EndpointRow>(db, `SELECT ${ENDPOINT_COLUMNS} FROM endpoints e`, 'e');
  }

  insert(endpoint: NewEndpoint): void {
    this.insertEndpoint.run({
      ...endpoint,
      approval_required: endpoint.approval_required ? 1 : 0,
      enable_dns: endpoint.enable_dns ? 1 : 0,
      whitelist: jsonOrNull(endpoint.whitelist),
      enable_whitelist: flagOrNull(endpoint.enable_whitelist),
      routetables: jsonOrNull(endpoint.routetables),
      policy_statement: jsonOrNull(endpoint.policy_statement),
    });
    this.tags.add(endpoint.id, endpoint.tags);
  }

  /** The endpoint if it exists and belongs to the project; another project's endpoint is not found. */
  find(projectId: string, id: string): EndpointView | undefined {
    const row = this.selectOne.get(id, projectId) as EndpointRow | undefined;
    return row && toView(row);
  }

  /** The endpoint, whichever project it belongs to. */
  findById(id: string): EndpointView | undefined {
    const row = this.selectAny.get(id) as EndpointRow | undefined;
    return row && toView(row);
  }

  list(projectId: string, filter: EndpointFilter): { items: EndpointView[]; total: number } {
    const where = ['e.project_id = @project_id'];
    if (filter.id !== undefined) where.push('e.id = @id');
    if (filter.vpc_id !== undefined) where.push('e.vpc_id = @vpc_id');
    if (filter.endpoint_service_name) where.push(`e.service_name LIKE @name ESCAPE '\\'`);
    if (outsideBorderGroup(filter.public_border_group)) {
      return { items: [], total: 0 };
    }
    const { rows, total } = this.listStatements.page(where, filter, {
      project_id: projectId,
      id: filter.id,
      vpc_id: filter.vpc_id,
      name: filter.endpoint_service_name && containing(filter.endpoint_service_name),
    });
    return { items: rows.map(toView), total };
  }

  /** Every endpoint of every project (or of one), by project and then in the order they were created. */
  listAll(projectId?: string): EndpointView[] {
    return this.selectByProject(projectId).map(toView);
  }

  setWhitelist(id: string, whitelist: string[], enabled: boolean, now: number): void {
    this.updateWhitelist.run(JSON.stringify(whitelist), enabled ? 1 : 0, now, id);
  }

  setRouteTables(id: string, routetables: string[], now: number): void {
    this.updateRouteTables.run(JSON.stringify(routetables), now, id);
  }

  setPolicy(id: string, policy: PolicyStatementView[], now: number): void {
    this.updatePolicy.run(JSON.stringify(policy), now, id);
  }

  setSpecification(id: string, specification: string, now: number): void {
    this.updateSpecification.run(specification, now, id);
  }

  /** The route tables among these that another endpoint (not `endpointId`) of the service and project has. */
  routeTablesInUse(serviceId: string, projectId: string, endpointId: string, routetables: string[]): string[] {
    return this.selectRouteTableUsers.all({
      service_id: serviceId,
      project_id: projectId,
      id: endpointId,
      tables: JSON.stringify(routetables),
    }) as string[];
  }

  /** Moves the endpoint from status `from` to `to`; answers its project, or undefined if it was not in `from`. */
  moveFrom(id: string, from: EndpointStatus, to: EndpointStatus, now: number): string | undefined {
    return this.moveStatus.get({ id, from, to, now }) as string | undefined;
  }

  /** A creating endpoint reaches its service: pendingAcceptance or accepted. Undefined if it was not creating. */
  reach(id: string, now: number): { project_id: string; status: EndpointStatus } | undefined {
    return this.reachService.get({ id, now }) as { project_id: string; status: EndpointStatus } | undefined;
  }

  /** Puts the endpoint in status failed with the error; answers its project, or undefined if it is gone. */
  fail(id: string, error: ResourceErrorView, now: number): string | undefined {
    return this.updateFailed.get({ id, now, ...error }) as string | undefined;
  }

  /** Deletes the endpoint and its tags; answers its project, or undefined if it is gone. */
  remove(id: string): string | undefined {
    this.tags.removeFor(id);
    return this.deleteEndpoint.get(id) as string | undefined;
  }

  /** How many endpoints the project has, in any status: what its quota limits. */
  countInProject(projectId: string): number {
    return this.countOfProject.get(projectId) as number;
  }

  isMarkerTaken(markerId: number): boolean {
    return this.selectMarker.get(markerId) !== undefined;
  }

  findNamed(projectId: string, id: string): TaggableResource | undefined {
    return this.selectNamed.get(id, projectId) as TaggableResource | undefined;
  }

  /** Every endpoint of the project, newest first. */
  listNamed(projectId: string): TaggableResource[] {
    return this.selectAllNamed.all(projectId) as TaggableResource[];
  }
}

/** Endpoints as the tag API sees them (tags/resources.ts). */
export function taggableEndpoints(store: EndpointStore): TaggableResources {
  return {
    find: (projectId, id) => store.findNamed(projectId, id),
    list: (projectId) => store.listNamed(projectId),
  };
}
