// The emulator's whole state as one seam: every kind of record (resources, whitelists, tags, identity,
// pending transitions) is a section with the same small interface, so reset, export and import cover
// a new resource as soon as its section is listed in emulator.ts. Everything happens in place, in the
// one open database: the stores' prepared statements stay bound to it.
import { Type, type TSchema } from 'typebox';
import { parseIsoTime, type ResourceErrorView } from '../common/schemas.js';
import type { Db } from './database.js';
import type { Write } from './write.js';

export const STATE_FORMAT = 'vpcep-emulator-state';
export const STATE_VERSION = 1;

export interface ResetScope {
  /** Only this project's records; undefined: everyone's. */
  project?: string;
  /** Also domains, projects, users and issued tokens. */
  identity: boolean;
}

/** How many records of each name (endpoint_services, tags, ...) something removed or holds. */
export type Counts = Record<string, number>;

export interface StateSection {
  /** The section's key in a state document. */
  key: string;
  /** The schema of the section's value in a state document; defaults fill what a hand-written seed leaves out. */
  schema: TSchema;
  /** The section's records, in creation order, as a document value. */
  export(): unknown;
  /** Adds the records of a validated document value; the section is empty. Throws StateError. */
  import(value: unknown): void;
  /** Deletes the section's records, or those of one project. */
  reset(scope: ResetScope): Counts;
  count(): Counts;
}

/** A state document that validates but cannot be loaded, naming the record at fault. */
export class StateError extends Error {
  override name = 'StateError';

  constructor(
    readonly problem: string,
    /** Where in the document, e.g. endpoint_services[2].ports[0]; set by loading(). */
    readonly path?: string,
  ) {
    super(path === undefined ? problem : `${path}: ${problem}`);
  }
}

/** Runs `load` for the item at `path`, naming the path (within any inner one) in whatever it throws. */
export function loading<T>(path: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (err instanceof StateError) {
      throw new StateError(err.problem, err.path === undefined ? path : `${path}.${err.path}`);
    }
    throw new StateError(inWords((err as Error).message), path);
  }
}

/** SQLite's constraint messages, in terms of the document. */
function inWords(message: string): string {
  const unique = /^UNIQUE constraint failed: (.+)$/.exec(message);
  if (!unique) return message;
  const fields = unique[1].split(', ').map((column) => column.replace(/^\w+\./, ''));
  return `another record already has the same ${fields.join(', ')}`;
}

type Statement = ReturnType<Db['prepare']>;

/**
 * Runs DELETE statements that take a `@project` parameter (NULL: every project), in order, and
 * answers how many rows each removed, by the name it is given under.
 */
export function removeInScope(statements: Record<string, Statement>, scope: ResetScope): Counts {
  const params = { project: scope.project ?? null };
  return Object.fromEntries(Object.entries(statements).map(([name, stmt]) => [name, stmt.run(params).changes]));
}

/**
 * The removals of a resource table in a scope, in the order they must run: the pending transitions and
 * tags of its resources, what `extra` adds (statements built on the scope's ids), then the rows.
 */
export function scopedRemovals(
  db: Db,
  table: string,
  extra: (inScope: string) => Record<string, string> = () => ({}),
): Record<string, Statement> {
  const inScope = `SELECT id FROM ${table} WHERE @project IS NULL OR project_id = @project`;
  const sql: Record<string, string> = {
    pending_transitions: `DELETE FROM pending_transitions WHERE resource_id IN (${inScope})`,
    tags: `DELETE FROM resource_tags WHERE resource_id IN (${inScope})`,
    ...extra(inScope),
    [table]: `DELETE FROM ${table} WHERE @project IS NULL OR project_id = @project`,
  };
  return Object.fromEntries(Object.entries(sql).map(([name, text]) => [name, db.prepare(text)]));
}

export class State {
  readonly documentSchema: TSchema;

  constructor(
    private readonly write: Write,
    private readonly sections: StateSection[],
    /** Runs after every reset and import, e.g. to re-arm the scheduler. */
    private readonly afterChange: (what: 'reset' | 'import') => void,
  ) {
    this.documentSchema = Type.Object(
      {
        format: Type.Literal(STATE_FORMAT),
        version: Type.Literal(STATE_VERSION, { description: 'The format version; this emulator reads 1' }),
        ...Object.fromEntries(sections.map((s) => [s.key, Type.Optional(s.schema)])),
      },
      { description: 'The whole state of the emulator, as GET /_emulator/state exports it' },
    );
  }

  /** One consistent snapshot: all sections are read inside one transaction. */
  export(): Record<string, unknown> {
    return this.write(() => ({
      format: STATE_FORMAT,
      version: STATE_VERSION,
      ...Object.fromEntries(this.sections.map((s) => [s.key, s.export()])),
    }));
  }

  /** Replaces everything with a validated document, in one transaction: all of it or nothing. */
  import(document: Record<string, unknown>): Counts {
    const counts = this.write(() => {
      this.clear({ identity: true });
      for (const section of this.sections) {
        if (document[section.key] !== undefined) section.import(document[section.key]);
      }
      return this.count();
    });
    this.afterChange('import');
    return counts;
  }

  reset(scope: ResetScope): Counts {
    const removed = this.write(() => this.clear(scope));
    this.afterChange('reset');
    return removed;
  }

  count(): Counts {
    return sum(this.sections.map((s) => s.count()));
  }

  isEmpty(): boolean {
    return Object.values(this.count()).every((n) => n === 0);
  }

  /** Later sections may refer to earlier ones, so they go first. */
  private clear(scope: ResetScope): Counts {
    return sum([...this.sections].reverse().map((s) => s.reset(scope)));
  }
}

function sum(all: Counts[]): Counts {
  const total: Counts = {};
  for (const counts of all) {
    for (const [name, n] of Object.entries(counts)) total[name] = (total[name] ?? 0) + n;
  }
  return total;
}

/** A record's times in a state document; a seed written by hand may leave them out. */
export interface DocumentTimes {
  created_at?: string;
  updated_at?: string;
}

/** The stored times of an imported record: created now when not given, updated when created when not given. */
export function importedTimes(record: DocumentTimes, now: number): { created_at: number; updated_at: number } {
  const createdAt = record.created_at === undefined ? now : parseIsoTime(record.created_at);
  return { created_at: createdAt, updated_at: record.updated_at === undefined ? createdAt : parseIsoTime(record.updated_at) };
}

/** A stored failure as a state document has it (error), and back. */
export function exportedError(row: { error_code: string | null; error_message: string | null }): ResourceErrorView | null {
  return row.error_code === null ? null : { error_code: row.error_code, error_message: row.error_message ?? '' };
}

export function importedError(record: { error?: ResourceErrorView }): { error_code: string | null; error_message: string | null } {
  return { error_code: record.error?.error_code ?? null, error_message: record.error?.error_message ?? null };
}
