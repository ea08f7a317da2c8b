// Pending transitions in a state document, with their due times on the emulator's clock (null: waits to
// be settled). A transition must name an action the scheduler knows and a resource the document has.
import { Type } from 'typebox';
import { Timestamp, isoTime, parseIsoTime } from '../common/schemas.js';
import type { Db } from '../db/database.js';
import { loading, removeInScope, StateError, type StateSection } from '../db/state.js';
import type { PendingTransition, Scheduler } from './scheduler.js';

const PendingRecord = Type.Object({
  resource_id: Type.String({ minLength: 1 }),
  action: Type.String({ minLength: 1, description: 'e.g. endpoint_service.available' }),
  due_at: Type.Union([Timestamp(), Type.Null()], { description: 'null: waits to be settled' }),
});

interface PendingDocument {
  resource_id: string;
  action: string;
  due_at: string | null;
}

/** `exists` tells whether a resource of any kind has this id. */
export function pendingState(db: Db, scheduler: Scheduler, exists: (id: string) => boolean): StateSection {
  const selectAll = db.prepare('SELECT resource_id, action, due_at FROM pending_transitions ORDER BY rowid');
  const insert = db.prepare('INSERT INTO pending_transitions (resource_id, action, due_at) VALUES (?, ?, ?)');
  // One project's transitions go with its resources (their sections remove them); a full reset takes all.
  const removals = { pending_transitions: db.prepare('DELETE FROM pending_transitions WHERE @project IS NULL') };
  const count = db.prepare('SELECT COUNT(*) FROM pending_transitions').pluck();

  return {
    key: 'pending_transitions',
    schema: Type.Array(PendingRecord, { description: 'At most one per resource, in the order they were scheduled' }),
    export: () =>
      (selectAll.all() as PendingTransition[]).map((row) => ({
        ...row,
        due_at: row.due_at === null ? null : isoTime(row.due_at),
      })),
    import: (value) =>
      (value as PendingDocument[]).forEach((record, i) =>
        loading(`pending_transitions[${i}]`, () => {
          if (!scheduler.has(record.action)) throw new StateError(`no action ${record.action}`);
          if (!exists(record.resource_id)) {
            throw new StateError(`no resource ${record.resource_id} in the document`);
          }
          insert.run(record.resource_id, record.action, record.due_at === null ? null : parseIsoTime(record.due_at));
        }),
      ),
    reset: (scope) => removeInScope(removals, scope),
    count: () => ({ pending_transitions: count.get() as number }),
  };
}
