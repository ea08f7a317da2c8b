// Every write goes through one function: it runs the work in a single immediate transaction (a
// savepoint when it is nested in another write), and publishes the state changes the work recorded
// once the outermost transaction has committed. A write that fails publishes nothing.
import type { ChangeFeed } from '../runtime/changes.js';
import type { Db } from './database.js';

export type Write = <T>(work: () => T) => T;

export function writer(db: Db, changes: ChangeFeed): Write {
  // Built once: better-sqlite3 makes a new wrapper for every db.transaction() call.
  const transaction = db.transaction((work: () => unknown) => work());
  return <T>(work: () => T): T => {
    const outermost = !db.inTransaction;
    const mark = changes.mark();
    let result: T;
    try {
      result = transaction.immediate(work) as T;
    } catch (err) {
      changes.discardFrom(mark);
      throw err;
    }
    if (outermost) changes.publish();
    return result;
  };
}
