// The state section of a companion resource kind (VPCs, subnets, load balancers): what every one of them
// exports besides its own fields (tags, a failure, its times), in creation order, and how a document's
// records are loaded, reset per project and counted.
import { Type, type TSchema } from 'typebox';
import { ResourceError, Timestamp, isoTime, type ResourceErrorView } from '../common/schemas.js';
import type { Db } from '../db/database.js';
import { withoutNulls } from '../db/rows.js';
import {
  exportedError,
  importedError,
  importedTimes,
  loading,
  removeInScope,
  scopedRemovals,
  type StateSection,
} from '../db/state.js';
import type { Clock } from '../runtime/clock.js';
import { TagStore } from '../tags/store.js';
import type { ResourceTag } from '../tags/schemas.js';

/** The fields every companion record has in a state document besides its own. */
export const CompanionRecordFields = {
  tags: Type.Optional(
    Type.Array(Type.Object({ key: Type.String({ minLength: 1 }), value: Type.String() }), { default: [] }),
  ),
  error: Type.Optional({ ...ResourceError, description: 'Why it failed (status ERROR only)' }),
  created_at: Type.Optional(Timestamp({ description: 'Default: now' })),
  updated_at: Type.Optional(Timestamp({ description: 'Default: created_at' })),
};

/** A stored companion resource, as its store reads it. */
interface StoredRecord {
  id: string;
  error_code: string | null;
  error_message: string | null;
  created_at: number;
  updated_at: number;
}

/** A companion record of a document, once validated (defaults filled in). */
interface DocumentRecord {
  id: string;
  tags: ResourceTag[];
  error?: ResourceErrorView;
  created_at?: string;
  updated_at?: string;
}

/** What is stored besides a record's own fields: its times and its failure. */
export interface StoredExtras {
  created_at: number;
  updated_at: number;
  error_code: string | null;
  error_message: string | null;
}

export interface CompanionSection<R extends StoredRecord, D extends DocumentRecord> {
  /** The section's key in a state document, which is also the table's name. */
  key: string;
  description: string;
  record: TSchema;
  all(): R[];
  /** The record's own fields, as a document has them. */
  document(record: R): Record<string, unknown>;
  /** Checks a document record (throwing StateError) and inserts it with the extras. */
  insert(record: D, extras: StoredExtras): void;
}

export function companionSection<R extends StoredRecord, D extends DocumentRecord>(
  db: Db,
  clock: Clock,
  spec: CompanionSection<R, D>,
): StateSection {
  const { key } = spec;
  const tags = new TagStore(db);
  const removals = scopedRemovals(db, key);
  const count = db.prepare(`SELECT COUNT(*) FROM ${key}`).pluck();
  return {
    key,
    schema: Type.Array(spec.record, { description: spec.description }),
    export: () => {
      const records = spec.all();
      const tagsOf = tags.ofMany(records.map((record) => record.id));
      return records.map((record) =>
        withoutNulls({
          ...spec.document(record),
          tags: tagsOf.get(record.id) ?? [],
          error: exportedError(record),
          created_at: isoTime(record.created_at),
          updated_at: isoTime(record.updated_at),
        }),
      );
    },
    import: (value) =>
      (value as D[]).forEach((record, i) =>
        loading(`${key}[${i}]`, () => {
          spec.insert(record, { ...importedTimes(record, clock.now()), ...importedError(record) });
          tags.add(record.id, record.tags);
        }),
      ),
    reset: (scope) => removeInScope(removals, scope),
    count: () => ({ [key]: count.get() as number }),
  };
}
