// Whitelist records in SQLite (migrations/002, 005). A service's records go when the service row goes.
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
  description: string;
  created_at: number;
}

function toView(row: PermissionRow): PermissionView {
  return {
    id: row.id,
    permission: row.permission,
    permission_type: 'domainId',
    description: row.description,
    created_at: formatTimestamp(row.created_at),
  };
}

const COLUMNS = 'p.id, p.permission, p.description, p.created_at';

export class PermissionStore {
  private readonly insert;
  private readonly upsert;
  private readonly remove;
  private readonly removeById;
  private readonly selectAllowing;
  private readonly selectCount;
  private readonly selectById;
  private readonly selectRecords;
  private readonly selectAll;
  private readonly updateDescription;
  private readonly listStatements;
  private readonly selectEveryService;

  constructor(db: Db) {
    // Adding a record the service already has keeps the old one, its id and created_at.
    this.insert = db.prepare(`
      INSERT INTO service_permissions (id, service_id, permission, description, created_at) VALUES (?, ?, ?, '', ?)
      ON CONFLICT (service_id, permission) DO NOTHING`);
    // The same, but the record takes the new description.
    this.upsert = db.prepare(`
      INSERT INTO service_permissions (id, service_id, permission, description, created_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (service_id, permission) DO UPDATE SET description = excluded.description`);
    this.remove = db.prepare('DELETE FROM service_permissions WHERE service_id = ? AND permission = ?');
    this.removeById = db.prepare('DELETE FROM service_permissions WHERE service_id = ? AND id = ?');
    this.selectAllowing = db
      .prepare('SELECT 1 FROM service_permissions WHERE service_id = ? AND permission IN (?, ?) LIMIT 1')
      .pluck();
    this.selectCount = db.prepare('SELECT COUNT(*) FROM service_permissions WHERE service_id = ?').pluck();
    this.selectById = db.prepare(`SELECT ${COLUMNS} FROM service_permissions p WHERE p.service_id = ? AND p.id = ?`);
    this.selectRecords = db.prepare(`
      SELECT ${COLUMNS} FROM service_permissions p
      WHERE p.service_id = ? AND p.permission IN (SELECT value FROM json_each(?)) ORDER BY p.seq`);
    this.selectAll = db.prepare(`
      SELECT ${COLUMNS} FROM service_permissions p WHERE p.service_id = ? ORDER BY p.created_at DESC, p.seq DESC`);
    this.updateDescription = db.prepare(
      'UPDATE service_permissions SET description = ? WHERE service_id = ? AND id = ?',
    );
    this.listStatements = new ListStatements<PermissionRow>(db, {
      columns: COLUMNS,
      from: 'service_permissions p',
      alias: 'p',
    });
    this.selectEveryService = db.prepare(`
      SELECT p.service_id, ${COLUMNS} FROM service_permissions p ORDER BY p.service_id, p.created_at, p.seq`);
  }

  /** The whitelist records of every service, by service id, oldest first. */
  allByService(): Map<string, PermissionView[]> {
    const rows = this.selectEveryService.all() as (PermissionRow & { service_id: string })[];
    return groupViews(rows, (row) => row.service_id, toView);
  }

  add(serviceId: string, id: string, permission: string, now: number): void {
    this.insert.run(id, serviceId, permission, now);
  }

  /** Adds the record with the description, or gives the record the service has the description. */
  put(serviceId: string, id: string, permission: string, description: string, now: number): void {
    this.upsert.run(id, serviceId, permission, description, now);
  }

  delete(serviceId: string, permission: string): void {
    this.remove.run(serviceId, permission);
  }

  /** Deletes the record; answers whether the service had it. */
  deleteById(serviceId: string, id: string): boolean {
    return this.removeById.run(serviceId, id).changes > 0;
  }

  count(serviceId: string): number {
    return this.selectCount.get(serviceId) as number;
  }

  find(serviceId: string, id: string): PermissionView | undefined {
    const row = this.selectById.get(serviceId, id) as PermissionRow | undefined;
    return row && toView(row);
  }

  /** The service's records of these permissions, oldest first. */
  records(serviceId: string, permissions: string[]): PermissionView[] {
    return (this.selectRecords.all(serviceId, JSON.stringify(permissions)) as PermissionRow[]).map(toView);
  }

  /** Every record of the service, newest first. */
  all(serviceId: string): PermissionView[] {
    return (this.selectAll.all(serviceId) as PermissionRow[]).map(toView);
  }

  describe(serviceId: string, id: string, description: string): void {
    this.updateDescription.run(description, serviceId, id);
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
