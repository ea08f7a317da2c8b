// Paged, sorted lists. A list has a few optional filters; each combination of filters and order gets
// its two statements (one page, the total) prepared once and cached, never per request.
import { sortColumn, type Paging } from '../common/schemas.js';
import type { Db } from './database.js';

type Statement = ReturnType<Db['prepare']>;

export interface ListShape {
  /** The selected columns, e.g. `s.*, (…) AS tags_json`. */
  columns: string;
  /** The FROM clause, joins included. */
  from: string;
  /** Alias of the table whose created_at / updated_at order the rows and whose seq breaks ties. */
  alias: string;
}

export class ListStatements<Row> {
  private readonly cache = new Map<string, { page: Statement; count: Statement }>();

  constructor(
    private readonly db: Db,
    private readonly shape: ListShape,
  ) {}

  /**
   * One page of the rows meeting every condition, and how many meet them in all. Conditions are SQL
   * written by the caller with named parameters, whose values come in `params`.
   */
  page(
    conditions: string[],
    paging: Paging,
    params: Record<string, unknown>,
  ): { rows: Row[]; total: number } {
    const { page, count } = this.statementsFor(conditions, paging);
    return {
      rows: page.all({ ...params, limit: paging.limit, offset: paging.offset }) as Row[],
      total: count.get(params) as number,
    };
  }

  private statementsFor(conditions: string[], paging: Paging) {
    const { columns, from, alias } = this.shape;
    const where = conditions.join(' AND ');
    // sort_key and sort_dir were validated against their enums, so they are safe to splice in.
    const order = `${alias}.${sortColumn(paging.sort_key)} ${paging.sort_dir}, ${alias}.seq ${paging.sort_dir}`;
    const key = `${where}|${order}`;
    let statements = this.cache.get(key);
    if (!statements) {
      statements = {
        page: this.db.prepare(
          `SELECT ${columns} FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
        ),
        count: this.db.prepare(`SELECT COUNT(*) FROM ${from} WHERE ${where}`).pluck(),
      };
      this.cache.set(key, statements);
    }
    return statements;
  }
}

/** The LIKE pattern (used with ESCAPE '\') for "contains this text", with % and _ taken literally. */
export function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The rows of every project, or of one, ordered by project and then creation, which both statements
 * read from the (project_id, created_at, seq) index. `select` is a SELECT ... FROM without WHERE.
 */
export function rowsByProject<Row>(db: Db, select: string, alias: string): (projectId?: string) => Row[] {
  const order = `ORDER BY ${alias}.project_id, ${alias}.created_at, ${alias}.seq`;
  const every = db.prepare(`${select} ${order}`);
  const one = db.prepare(`${select} WHERE ${alias}.project_id = ? ${order}`);
  return (projectId) => (projectId === undefined ? every.all() : one.all(projectId)) as Row[];
}

/** A page as the VPC and Neutron APIs ask for it: after the item with id `marker`, at most `limit` items. */
export interface MarkerPage {
  limit?: number;
  marker?: string;
}

/**
 * A project's rows oldest first (by seq), a page at a time after a marker, with a fixed extra condition
 * whose named parameters come with each call. Answers undefined when the marker is not a row of the project.
 */
export function markerPages<Row>(
  db: Db,
  shape: ListShape,
  condition = 'TRUE',
): (projectId: string, page: MarkerPage, params?: Record<string, unknown>) => Row[] | undefined {
  const { columns, from, alias } = shape;
  const rows = db.prepare(`
    SELECT ${columns} FROM ${from} WHERE ${alias}.project_id = @project AND (${condition}) AND ${alias}.seq > @after
    ORDER BY ${alias}.seq LIMIT @limit`);
  const markerSeq = db.prepare(`SELECT ${alias}.seq FROM ${from} WHERE ${alias}.id = ? AND ${alias}.project_id = ?`).pluck();
  return (projectId, page, params = {}) => {
    const after = page.marker === undefined ? 0 : (markerSeq.get(page.marker, projectId) as number | undefined);
    if (after === undefined) return undefined;
    return rows.all({ ...params, project: projectId, after, limit: page.limit ?? -1 }) as Row[];
  };
}
