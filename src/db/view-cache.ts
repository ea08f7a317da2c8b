// Finished views of rows, kept by id so that a read that repeats (a client polling a resource) costs no
// query and no mapping. The database keeps the cache right itself: temporary triggers (this connection's
// only, not part of the schema) tell it about every insert, update and delete of the tables a view is
// made of, whichever code path wrote them (an operation, a state import or reset, the tag API, another
// resource's status), and the cache forgets the views concerned at once.
//
// A view is kept only when it was read outside a write: inside one it may show what is then rolled back.
// A write that is rolled back has already made the cache forget its rows, so nothing stale survives it.
import type { Db } from './database.js';

let functions = 0;

/** A table a view is made of, and the SQL expression (over `$row`) of the id of the view a row belongs to. */
export interface ViewSource {
  table: string;
  /** e.g. `$row.service_id`; `$row` becomes NEW or OLD. */
  viewId: string;
  /** Only updates of these columns concern the view (default: any update). */
  columns?: string[];
  /** Every view may change (e.g. a project's account): forget them all. */
  all?: boolean;
  /** The table of the views themselves: a new row has no view kept yet, so only updates and deletes matter. */
  own?: boolean;
}

export class ViewCache<View extends object> {
  private readonly views = new Map<string, View>();

  /** `max`: how many views are kept; the least recently read go first. */
  constructor(
    private readonly db: Db,
    sources: ViewSource[],
    private readonly max = 1024,
  ) {
    for (const source of sources) {
      watchTable(db, source, (id) => (source.all ? this.views.clear() : this.views.delete(String(id))));
    }
  }

  /** The view with this id: the one kept, or `read`'s (kept if read outside a write). */
  get(id: string, read: (id: string) => View | undefined): View | undefined {
    const kept = this.views.get(id);
    if (kept !== undefined) {
      // Most recently read last, so that the first in the map is the one to drop.
      this.views.delete(id);
      this.views.set(id, kept);
      return kept;
    }
    const view = read(id);
    if (view !== undefined && !this.db.inTransaction) this.keep(id, view);
    return view;
  }

  private keep(id: string, view: View): void {
    if (this.views.size >= this.max) this.views.delete(this.views.keys().next().value!);
    // Shared by every reader from now on: nobody may change it.
    this.views.set(id, deepFreeze(view));
  }
}

/** Calls `changed` with the view id of every row of the table inserted, updated or deleted. */
function watchTable(db: Db, source: ViewSource, changed: (id: unknown) => void): void {
  const fn = `view_cache_changed_${++functions}`;
  db.function(fn, { deterministic: false }, (id: unknown) => {
    changed(id);
    return null;
  });
  const call = (row: 'NEW' | 'OLD') => `SELECT ${fn}(${source.viewId.replaceAll('$row', row)});`;
  const name = `${fn}_${source.table}`;
  const update = source.columns ? `UPDATE OF ${source.columns.join(', ')}` : 'UPDATE';
  // `source` is the emulator's own SQL, never input.
  if (!source.own) db.exec(`CREATE TEMP TRIGGER ${name}_insert AFTER INSERT ON main.${source.table} BEGIN ${call('NEW')} END;`);
  db.exec(`
    CREATE TEMP TRIGGER ${name}_update AFTER ${update} ON main.${source.table} BEGIN ${call('OLD')} ${call('NEW')} END;
    CREATE TEMP TRIGGER ${name}_delete AFTER DELETE ON main.${source.table} BEGIN ${call('OLD')} END;`);
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) {
    if (typeof inner === 'object' && inner !== null && !Object.isFrozen(inner)) deepFreeze(inner);
  }
  return Object.freeze(value);
}
