// One emulator per database file: a second one started on a file another emulator uses refuses to start
// with one line naming the file and the process, exit code 2; a killed emulator leaves nothing that
// blocks the next start; :memory: databases are each their own. Real processes, each with its own deadline.
import t from 'tap';
import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { closeDatabase, openDatabase } from '../src/db/database.js';
import { AUTH, PROJECT, serviceBody } from './helper.js';
import { runToEnd, serverCommand, startServer } from './support/processes.js';

t.setTimeout(600_000);

const env = { VPCEP_DELAY: 'manual' };
const services = (base: string) => `${base}/v1/${PROJECT}/vpc-endpoint-services`;
const headers = { ...AUTH, 'content-type': 'application/json' };

/** A second emulator on the file: it must end by itself with exit code 2 and one line. */
async function refusedStart(t: any, db: string) {
  const run = await runToEnd(t, serverCommand(['--port', '0', '--db', db]), { env, timeoutMs: 60_000 });
  t.equal(run.code, 2, 'exit code 2');
  const lines = run.stderr.trim().split('\n');
  t.equal(lines.length, 1, `one line: ${run.stderr}`);
  t.notMatch(run.stderr, /\n\s+at /, 'no stack trace');
  return lines[0];
}

t.test('a second emulator on a database in use refuses to start, naming the file and the process', { timeout: 240_000 }, async (t) => {
  const db = join(t.testdir(), 'data', 'vpcep.db');
  const first = await startServer(t, ['--port', '0', '--db', db], { env });
  const line = await refusedStart(t, db);
  t.equal(
    line,
    `vpcep-emulator: cannot start: VPCEP_DB=${db}: the database ${resolve(db)} is in use by another emulator ` +
      `(process ${first.child.pid}); one emulator per database file: stop that one first, or set VPCEP_DB (--db) to another path`,
  );

  const created = await fetch(services(first.base), { method: 'POST', headers, body: JSON.stringify(serviceBody()) });
  t.equal(created.status, 200, 'the first one still serves, reads and writes');
  t.same(await first.stop('SIGTERM'), { code: 0, signal: null });
  t.notOk(existsSync(`${db}.pid`), 'a clean stop forgets its process record');
});

t.test('an emulator killed with SIGKILL leaves no lock: the next one starts and has the data', { timeout: 240_000 }, async (t) => {
  const db = join(t.testdir(), 'vpcep.db');
  const first = await startServer(t, ['--port', '0', '--db', db], { env });
  const response = await fetch(services(first.base), { method: 'POST', headers, body: JSON.stringify(serviceBody()) });
  t.equal(response.status, 200);
  const created = (await response.json()) as any;
  await first.stop('SIGKILL');
  t.equal(readFileSync(`${db}.pid`, 'utf8').trim(), String(first.child.pid), 'the killed one left its record behind');

  const second = await startServer(t, ['--port', '0', '--db', db], { env });
  const got = await fetch(`${services(second.base)}/${created.id}`, { headers });
  t.equal(got.status, 200, 'the stale record did not block the start');
  t.equal(((await got.json()) as any).id, created.id);
  t.equal(readFileSync(`${db}.pid`, 'utf8').trim(), String(second.child.pid), 'the record names the new owner');
  t.match(await refusedStart(t, db), `in use by another emulator (process ${second.child.pid})`);
  t.same(await second.stop('SIGTERM'), { code: 0, signal: null });
});

t.test(':memory: databases are each their own: two emulators start side by side', { timeout: 240_000 }, async (t) => {
  const first = await startServer(t, ['--port', '0', '--db', ':memory:'], { env });
  const second = await startServer(t, ['--port', '0', '--db', ':memory:'], { env });
  t.not(first.base, second.base);
  t.equal((await fetch(services(second.base), { headers })).status, 200);
  await Promise.all([first.stop('SIGTERM'), second.stop('SIGTERM')]);
});

t.test('in one process: the second open of a file is refused until the first is closed', async (t) => {
  const db = join(t.testdir(), 'vpcep.db');
  const first = openDatabase(db);
  t.throws(() => openDatabase(db), {
    name: 'StartupError',
    message: `VPCEP_DB=${db}: the database ${resolve(db)} is in use by another emulator (process ${process.pid})`,
  });
  t.equal(first.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get() as number > 0, true, 'the first still reads');
  closeDatabase(first);
  t.notOk(existsSync(`${db}.pid`), 'closing forgets the record');
  const again = openDatabase(db);
  closeDatabase(again);
});

t.test('a file locked by something that is no emulator is named as another process', async (t) => {
  const db = join(t.testdir(), 'vpcep.db');
  closeDatabase(openDatabase(db));
  // A record of a process that no longer runs names nobody.
  writeFileSync(`${db}.pid`, '2147483646\n');
  const other = new Database(db);
  t.teardown(() => other.close());
  other.pragma('locking_mode = EXCLUSIVE');
  other.exec('BEGIN IMMEDIATE; COMMIT');
  t.throws(() => openDatabase(db), {
    name: 'StartupError',
    message: `the database ${resolve(db)} is in use by another process; one emulator per database file`,
  });
  other.close();
  closeDatabase(openDatabase(db));
  t.pass('once it lets go, the emulator opens the file despite the stale record');
});
