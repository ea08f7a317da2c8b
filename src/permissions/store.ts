// Whitelist records in SQLite (migrations/002). A service's records go when the service row goes.
import { formatTimestamp } from '../runtime/clock.js';
import type { Paging } from '../common/schemas.js';
import type { Db } from '../db/database.js';
import { containing, ListStatements } from '../db/list-statements.js';
import { groupViews } from '../db/rows.js';
import { ANY_ACCOUNT, DOMAIN_PREFIX, type PermissionView } from './schemas.js';

export interface PermissionFilter extends Paging {
  permission?: string;
}

interface PermissionRow {
  id: string;
  permission: string;
  created_at: number;
}

function toView(row: PermissionRow): PermissionView {
  return {
    id: row.id,
    permission: row.permission,
    permission_type: 'domainId',
    // OTC offers no way to set a record's description.
    description: '',
    created_at: formatTimestamp(row.created_at),
  };
}

export class PermissionStore {
  private readonly insert;
  private readonly remove;
  private readonly selectAllowing;
  private readonly listStatements;
  private readonly selectAll;

  constructor(db: Db) {
    // Adding a record the service already has keeps the old one, and its created_at.
    this.insert = db.prepare(`
      INSERT INTO service_permissions (id, service_id, permission, created_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (service_id, permission) DO NOTHING`);
    this.remove = db.prepare('DELETE FROM service_permissions WHERE service_id = ? AND permission = ?');
    this.selectAllowing = db
      .prepare('SELECT 1 FROM service_permissions WHERE service_id = ? AND permission IN (?, ?) LIMIT 1')
      .pluck();
    this.listStatements = new ListStatements<PermissionRow>(db, {
      columns: 'p.id, p.permission, p.created_at',
      from: 'service_permissions p',
      alias: 'p',
    });
    this.selectAll = db.prepare(`
      SELECT p.service_id, p.id, p.permission, p.created_at FROM service_permissions p
      ORDER BY p.service_id, p.created_at, p.seq`);
  }

  /** The whitelist records of every service, by service id, oldest first. */
  allByService(): Map<string, PermissionView[]> {
    const rows = this.selectAll.all() as (PermissionRow & { service_id: string })[];
    return groupViews(rows, (row) => row.service_id, toView);
  }

  add(serviceId: string, id: string, permission: string, now: number): void {
    this.insert.run(id, serviceId, permission, now);
  }

  delete(serviceId: string, permission: string): void {
    this.remove.run(serviceId, permission);
  }

  /** Whether a record lets the account connect: its own, or the one for every account. */
  allows(serviceId: string, domainId: string): boolean {
    return this.selectAllowing.get(serviceId, ANY_ACCOUNT, `${DOMAIN_PREFIX}${domainId}`) !== undefined;
  }

  list(serviceId: string, filter: PermissionFilter): { items: PermissionView[]; total: number } {
    const where = ['p.service_id = @service_id'];
    if (filter.permission) where.push(`p.permission LIKE @permission ESCAPE '\\'`);
    const { rows, total } = this.listStatements.page(where, filter, {
      service_id: serviceId,
      permission: filter.permission && containing(filter.permission),
    });
    return { items: rows.map(toView), total };
  }
}
