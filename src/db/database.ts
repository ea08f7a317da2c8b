// Opens the SQLite store and brings its schema up to date from the numbered files in migrations/.
// Whatever stops a database from being used (a folder that cannot be created or written, a read-only file,
// a file that is not SQLite, a schema from a newer version, another emulator using it) is a StartupError
// naming the path and the fix.
import Database from 'better-sqlite3';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MIGRATIONS_DIR } from '../paths.js';
import { runningUser, StartupError } from '../startup-error.js';

export type Db = Database.Database;

const ANOTHER_PATH = 'or set VPCEP_DB (--db) to another path';
/** How long a start waits for a database another process is opening at the same moment. */
const CLAIM_WAIT_MS = 1000;

const CHECKPOINT_PAGES = 10_000;

/**
 * For a backlog worked off in many commits (a restart's overdue transitions): no checkpoint until the
 * answered function runs it at the end. Each checkpoint copies and syncs every page the log holds, and a
 * backlog rewrites the same pages commit after commit, so one checkpoint at the end copies each page once;
 * a restart's 100,000 transitions settled in less than half the time. The log grows meanwhile (about 1.5
 * times the database for that backlog) and is cut back to nothing by the final checkpoint.
 */
export function deferCheckpoints(db: Db): () => void {
  db.pragma('wal_autocheckpoint = 0');
  return () => {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`);
  };
}

export function openDatabase(path: string, migrationsDir = MIGRATIONS_DIR): Db {
  const inMemory = path === ':memory:';
  if (!inMemory) checkFolderAndFile(path);
  let db: Db | undefined;
  try {
    db = new Database(path);
    if (!inMemory) claim(db, path);
    // WAL keeps readers and the writer apart; NORMAL sync still survives a killed process, because a
    // committed transaction is in the operating system's hands before the call returns.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // A checkpoint copies the log into the database file and syncs both. At SQLite's default of 1,000 pages
    // a write of a few hundred rows with random keys (a restart's overdue transitions) checkpointed at every
    // commit, which was most of the cost; at 10,000 pages (40 MB) a burst checkpoints a tenth as often, and
    // the log file is cut back to 16 MB after each. A backlog defers them to its end (deferCheckpoints).
    db.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`);
    db.pragma('journal_size_limit = 16777216');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    refuseNewerSchema(db, path, migrationsDir);
    migrate(db, migrationsDir);
    // A read-only file opens and reads fine; only a write finds out, so try one now rather than at the first request.
    const unwritable = writeProbe(db)();
    if (unwritable) throw new StartupError(`VPCEP_DB=${path}: the database cannot be written (${unwritable}); ${ANOTHER_PATH}`);
    return db;
  } catch (err) {
    db?.close();
    throw explain(err, path);
  }
}

/**
 * One emulator per database file: two writing the same file would each trust a state the other changes
 * (their schedulers would both move the same resources). In exclusive locking mode SQLite keeps the file
 * locked from the first write until the connection closes, and the operating system drops that lock
 * when the process ends, however it ends (a SIGKILL leaves nothing that blocks the next start). The mode
 * must be set before WAL is first used, so that no shared-memory index is created. Who holds the lock is
 * written beside the database, only to name that process when another start finds the file locked.
 */
function claim(db: Db, path: string): void {
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma(`busy_timeout = ${CLAIM_WAIT_MS}`);
  db.pragma('journal_mode = WAL');
  db.exec('BEGIN IMMEDIATE; COMMIT');
  try {
    writeFileSync(ownerFile(path), `${process.pid}\n`);
  } catch {
    // Only a name for a message: the lock itself is what keeps others out.
  }
}

/** Closes a database opened by openDatabase and forgets this process as the owner of its file. */
export function closeDatabase(db: Db): void {
  const path = db.name;
  db.close();
  if (path !== ':memory:' && ownerOf(path) === process.pid) rmSync(ownerFile(path), { force: true });
}

const ownerFile = (path: string) => `${path}.pid`;

/** The process recorded as holding the file, if that process still runs (a record left by a killed one is not). */
function ownerOf(path: string): number | undefined {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(ownerFile(path), 'utf8'), 10);
  } catch {
    return undefined;
  }
  if (!(pid > 0)) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

/** Checks what SQLite would only report as "unable to open database file", in words that name the fix. */
function checkFolderAndFile(path: string): void {
  const folder = resolve(dirname(path));
  try {
    mkdirSync(folder, { recursive: true });
  } catch (err) {
    throw new StartupError(
      `VPCEP_DB=${path}: cannot create the folder ${folder} as ${runningUser()} (${reason(err)}); ` +
        `create it writable for that user, ${ANOTHER_PATH}`,
    );
  }
  if (!writable(folder)) {
    const { uid, mode } = statSync(folder);
    throw new StartupError(
      `VPCEP_DB=${path}: the folder ${folder} is not writable for ${runningUser()} (owner user id ${uid}, ` +
        `mode ${(mode & 0o777).toString(8)}); SQLite writes its journal beside the database. Make the folder writable ` +
        `for that user (for a container's bind mount: chown on the host), ${ANOTHER_PATH}`,
    );
  }
  if (existsSync(path) && !writable(path)) {
    throw new StartupError(
      `VPCEP_DB=${path}: the database file ${resolve(path)} is read-only for ${runningUser()}; ` +
        `make it writable (chmod u+w), ${ANOTHER_PATH}`,
    );
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function reason(err: unknown): string {
  const { code, message } = err as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EEXIST: 'a file of that name is in the way',
  };
  return (code && words[code]) ?? message;
}

/** SQLite's errors about the file itself, in one line; anything else (a broken migration) stays as it is. */
function explain(err: unknown, path: string): unknown {
  if (err instanceof StartupError) return err;
  const code = String((err as { code?: unknown }).code ?? '');
  const file = resolve(path);
  if (code === 'SQLITE_NOTADB') {
    return new StartupError(
      `VPCEP_DB=${path}: ${file} is not an SQLite database; move it away (a new database is then created there), ` +
        ANOTHER_PATH,
    );
  }
  if (code.startsWith('SQLITE_BUSY')) {
    const owner = ownerOf(path);
    const holder = owner === undefined ? 'another process' : `another emulator (process ${owner})`;
    return new StartupError(
      `VPCEP_DB=${path}: the database ${file} is in use by ${holder}; one emulator per database file: ` +
        `stop that one first, ${ANOTHER_PATH}`,
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new StartupError(
      `VPCEP_DB=${path}: the database ${file} is read-only for ${runningUser()}; make it and its folder writable, ` +
        ANOTHER_PATH,
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_IOERR')) {
    return new StartupError(`VPCEP_DB=${path}: SQLite cannot use ${file} (${(err as Error).message}); ${ANOTHER_PATH}`);
  }
  return err;
}

/**
 * A check that the database accepts writes, for start-up and the health check: a row inserted into
 * schema_migrations and rolled back at once, so nothing changes. Answers why it cannot be written, or undefined.
 */
export function writeProbe(db: Db): () => string | undefined {
  const begin = db.prepare('SAVEPOINT write_probe');
  const insert = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (-1, 'write probe', 0)");
  const undo = db.prepare('ROLLBACK TO write_probe');
  const release = db.prepare('RELEASE write_probe');
  return () => {
    try {
      begin.run();
    } catch (err) {
      return (err as Error).message;
    }
    try {
      insert.run();
      return undefined;
    } catch (err) {
      return (err as Error).message;
    } finally {
      undo.run();
      release.run();
    }
  };
}

/** A database that a newer version migrated further than this one knows would be misread: refuse it. */
function refuseNewerSchema(db: Db, path: string, migrationsDir: string): void {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!hasTable) return;
  const newest = db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null;
  const known = Math.max(0, ...readMigrations(migrationsDir).map((m) => m.version));
  if (newest !== null && newest > known) {
    throw new StartupError(
      `VPCEP_DB=${path}: the database was written by a newer vpcep-emulator (schema version ${newest}; this one ` +
        `knows up to ${known}); run the newer version, ${ANOTHER_PATH}`,
    );
  }
}

interface Migration {
  version: number;
  name: string;
  sql: string;
}

function readMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .map((file) => /^(\d+)_(.+)\.sql$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: Number(m[1]), name: m[2], sql: readFileSync(join(dir, m[0]), 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

/** Applies, in order and each in its own transaction, every migration the database has not seen yet. */
export function migrate(db: Db, dir: string): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const done: number[] = [];
  for (const m of readMigrations(dir)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    }).immediate();
    done.push(m.version);
  }
  return done;
}
