// Connections are endpoints seen from the service they connect to: the same rows of the endpoints
// table (migrations/002), read by service instead of by project.
import { domainIdSql } from '../accounts/domains.js';
import { errorOf, type Paging } from '../common/schemas.js';
import { formatTimestamp } from '../runtime/clock.js';
import type { Db } from '../db/database.js';
import { ListStatements } from '../db/list-statements.js';
import { groupViews } from '../db/rows.js';
import type { EndpointStatus } from '../endpoints/schemas.js';
import type { ConnectionView } from './schemas.js';

export interface ConnectionFilter extends Paging {
  id?: string;
  marker_id?: number;
  status?: EndpointStatus;
}

interface ConnectionRow {
  id: string;
  marker_id: number;
  status: EndpointStatus;
  domain_id: string;
  created_at: number;
  updated_at: number;
  description: string;
  error_code: string | null;
  error_message: string | null;
}

const CONNECTION_COLUMNS = `e.id, e.marker_id, e.status, ${domainIdSql('e.project_id')} AS domain_id,
  e.created_at, e.updated_at, e.connection_description AS description, e.error_code, e.error_message`;

// An endpoint reaches its service when it stops creating. Until then the owner does not see it, so a
// client polling the list first sees a new connection as pendingAcceptance or accepted.
const REACHED = "e.status != 'creating'";
const CONNECTED = `e.service_id = @service_id AND ${REACHED}`;

function toView(row: ConnectionRow): ConnectionView {
  return {
    id: row.id,
    marker_id: row.marker_id,
    status: row.status,
    domain_id: row.domain_id,
    created_at: formatTimestamp(row.created_at),
    updated_at: formatTimestamp(row.updated_at),
    description: row.description,
    ...errorOf(row),
  };
}

export class ConnectionStore {
  private readonly selectOne;
  private readonly updateDescription;
  private readonly listStatements;
  private readonly selectAll;

  constructor(db: Db) {
    this.selectOne = db.prepare(
      `SELECT ${CONNECTION_COLUMNS} FROM endpoints e WHERE e.id = @id AND e.service_id = @service_id`,
    );
    // The owner's description is the connection's, not the endpoint's: updated_at stays.
    this.updateDescription = db.prepare(
      'UPDATE endpoints SET connection_description = ? WHERE id = ? AND service_id = ?',
    );
    this.listStatements = new ListStatements<ConnectionRow>(db, {
      columns: CONNECTION_COLUMNS,
      from: 'endpoints e',
      alias: 'e',
    });
    this.selectAll = db.prepare(`
      SELECT e.service_id, ${CONNECTION_COLUMNS} FROM endpoints e WHERE ${REACHED}
      ORDER BY e.service_id, e.created_at, e.seq`);
  }

  /** The connections of every service, by service id, oldest first. */
  allByService(): Map<string, ConnectionView[]> {
    const rows = this.selectAll.all() as (ConnectionRow & { service_id: string })[];
    return groupViews(rows, (row) => row.service_id, toView);
  }

  /** The endpoint if it was created for this service, in any status. */
  find(serviceId: string, endpointId: string): ConnectionView | undefined {
    const row = this.selectOne.get({ id: endpointId, service_id: serviceId }) as ConnectionRow | undefined;
    return row && toView(row);
  }

  describe(serviceId: string, endpointId: string, description: string): void {
    this.updateDescription.run(description, endpointId, serviceId);
  }

  list(serviceId: string, filter: ConnectionFilter): { items: ConnectionView[]; total: number } {
    const where = [CONNECTED];
    if (filter.id !== undefined) where.push('e.id = @id');
    if (filter.marker_id !== undefined) where.push('e.marker_id = @marker_id');
    if (filter.status !== undefined) where.push('e.status = @status');
    const { rows, total } = this.listStatements.page(where, filter, {
      service_id: serviceId,
      id: filter.id,
      marker_id: filter.marker_id,
      status: filter.status,
    });
    return { items: rows.map(toView), total };
  }
}
