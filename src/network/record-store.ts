// What the stores of the companion resources (VPCs, subnets, load balancers) have in common: a table with a
// seq column (the creation order), an id, a project and a status column; rows turned into records and back;
// the statements to insert, find, page through, list and remove, each prepared once. A resource's tags go
// with it.
import type { Db } from '../db/database.js';
import { markerPages, type ListShape, type MarkerPage } from '../db/list-statements.js';
import { named } from '../db/rows.js';
import { StatusColumn } from '../db/status.js';
import { TagStore } from '../tags/store.js';

export interface RecordTable<R, Row, New> {
  table: string;
  /** What reads select (the alias names the table's own columns), e.g. with a joined column. */
  shape: ListShape;
  /** The columns a record is inserted with. */
  columns: string;
  /** The status column, and the status a failed resource gets. */
  statusColumn: string;
  /** A row as read (its seq dropped), and a new record as stored. */
  read(row: Row): R;
  stored(record: New): Record<string, unknown>;
  /** The fixed condition of list pages, with named parameters (see markerPages). */
  listCondition?: string;
}

/** R: a record as read; Row: as stored; New: what an insert takes (R, unless reads join columns in). */
export class RecordStore<R, Row extends { seq: number }, New = R> {
  readonly status: StatusColumn;
  protected readonly tags: TagStore;
  private readonly insertRow;
  private readonly selectOne;
  private readonly selectAny;
  private readonly selectAll;
  private readonly page;
  private readonly deleteRow;

  constructor(
    db: Db,
    private readonly spec: RecordTable<R, Row, New>,
  ) {
    const { table, shape, columns } = spec;
    const select = `SELECT ${shape.columns} FROM ${shape.from}`;
    this.status = new StatusColumn(db, table, spec.statusColumn, 'ERROR');
    this.tags = new TagStore(db);
    this.insertRow = db.prepare(`INSERT INTO ${table} (${columns}) VALUES (${named(columns)})`);
    this.selectOne = db.prepare(`${select} WHERE ${shape.alias}.id = ? AND ${shape.alias}.project_id = ?`);
    this.selectAny = db.prepare(`${select} WHERE ${shape.alias}.id = ?`);
    this.selectAll = db.prepare(`${select} ORDER BY ${shape.alias}.seq`);
    this.page = markerPages<Row>(db, shape, spec.listCondition);
    this.deleteRow = db.prepare(`DELETE FROM ${table} WHERE id = ? RETURNING project_id`).pluck();
  }

  insert(record: New): void {
    this.insertRow.run(this.spec.stored(record));
  }

  /** The resource if it belongs to the project; another project's is not found. */
  find(projectId: string, id: string): R | undefined {
    return this.readOne(this.selectOne.get(id, projectId));
  }

  /** The resource, whichever project it belongs to. */
  findById(id: string): R | undefined {
    return this.readOne(this.selectAny.get(id));
  }

  /** Every resource of every project, oldest first. */
  all(): R[] {
    return (this.selectAll.all() as Row[]).map((row) => this.spec.read(row));
  }

  /** Deletes the resource and its tags; answers its project, or undefined if it is gone. */
  remove(id: string): string | undefined {
    this.tags.removeFor(id);
    return this.deleteRow.get(id) as string | undefined;
  }

  /** A page of the project's resources, oldest first; undefined when the marker is not one of them. */
  protected listPage(projectId: string, page: MarkerPage, params?: Record<string, unknown>): R[] | undefined {
    return this.page(projectId, page, params)?.map((row) => this.spec.read(row));
  }

  protected readOne(row: unknown): R | undefined {
    return row === undefined ? undefined : this.spec.read(row as Row);
  }
}

/** The row without its seq, which only orders rows and is no part of a record. */
export function withoutSeq<Row extends { seq: number }>(row: Row): Omit<Row, 'seq'> {
  const { seq: _seq, ...rest } = row;
  return rest;
}
