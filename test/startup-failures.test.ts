// Start-up failures a user can fix are one line naming the setting or path and the fix, with exit code 2 and
// no stack trace; a database that stops accepting writes turns the health check to 503.
import t from 'tap';
import Database from 'better-sqlite3';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { openDatabase } from '../src/db/database.js';
import { StartupError } from '../src/startup-error.js';
import { build } from './helper.js';
import { runToEnd, serverCommand } from './support/processes.js';

t.setTimeout(240_000);

// Permissions do not stop root, so as root the emulator runs as "nobody" for the permission cases.
const asRoot = process.getuid?.() === 0;
const otherUser = asRoot ? { uid: 65534, gid: 65534 } : {};
const expectedUser = `user id ${asRoot ? 65534 : process.getuid?.()}`;

async function start(t: any, args: string[], env: Record<string, string> = {}, user = {}) {
  const coverage = Object.keys(user).length === 0;
  const run = await runToEnd(t, serverCommand(['--port', '0', ...args], { coverage }), {
    env: { VPCEP_DELAY: 'manual', ...env },
    timeoutMs: 60_000,
    coverage,
    ...user,
  });
  t.equal(run.code, 2, 'exit code 2');
  const lines = run.stderr.trim().split('\n');
  t.equal(lines.length, 1, `one line: ${run.stderr}`);
  t.notMatch(run.stderr, /\n\s+at /, 'no stack trace');
  return lines[0];
}

t.test('a port in use names --port and PORT=0', { timeout: 90_000 }, async (t) => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.teardown(() => blocker.close());
  const { port } = blocker.address() as AddressInfo;
  const line = await start(t, ['--port', String(port), '--db', ':memory:']);
  t.match(line, `vpcep-emulator: cannot start: port ${port} on 127.0.0.1 is already in use`);
  t.match(line, `--port ${port + 1}`);
  t.match(line, 'PORT=0');
});

t.test('a database folder the user cannot write names the folder and the user id', { timeout: 90_000 }, async (t) => {
  const folder = join(t.testdir(), 'locked');
  mkdirSync(folder);
  chmodSync(folder, 0o555);
  const line = await start(t, ['--db', join(folder, 'vpcep.db')], {}, otherUser);
  t.match(line, `the folder ${folder} is not writable for ${expectedUser}`);
  t.match(line, 'VPCEP_DB');
});

t.test('a read-only database file is refused at start, not answered with 500s later', { timeout: 90_000 }, async (t) => {
  const folder = t.testdir();
  chmodSync(folder, 0o777);
  const file = join(folder, 'vpcep.db');
  openDatabase(file).close();
  chmodSync(file, 0o444);
  const line = await start(t, ['--db', file], {}, otherUser);
  t.match(line, `the database file ${file} is read-only for ${expectedUser}`);
});

t.test('a folder that cannot be created names the reason', async (t) => {
  const dir = t.testdir({ 'a-file': 'not a folder' });
  const path = join(dir, 'a-file', 'data', 'vpcep.db');
  t.throws(() => openDatabase(path), {
    name: 'StartupError',
    message: new RegExp(`^VPCEP_DB=${path}: cannot create the folder ${join(dir, 'a-file', 'data')} as user id \\d+ \\(a part of the path is a file, not a folder\\)`),
  });
});

t.test('a file that is not SQLite is refused with its path', async (t) => {
  const path = join(t.testdir({ 'notes.db': 'just some text, long enough to be read as a header, and more text here\n'.repeat(20) }), 'notes.db');
  t.throws(() => openDatabase(path), { name: 'StartupError', message: `${path} is not an SQLite database` });
});

t.test('a database from a newer version is refused', async (t) => {
  const path = join(t.testdir(), 'vpcep.db');
  openDatabase(path).close();
  const db = new Database(path);
  db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)").run();
  db.close();
  t.throws(() => openDatabase(path), {
    name: 'StartupError',
    message: /written by a newer vpcep-emulator \(schema version 999; this one knows up to \d+\); run the newer version/,
  });
});

t.test('a database error the user cannot fix (a broken migration) is not disguised', async (t) => {
  const dir = t.testdir({ '001_broken.sql': 'NOT SQL;' });
  const err = t.throws(() => openDatabase(join(dir, 'x.db'), dir)) as unknown;
  t.notOk(err instanceof StartupError);
});

t.test('health answers 503 with the reason when the database stops accepting writes', async (t) => {
  const app = await build(t, { db: join(t.testdir(), 'vpcep.db') });
  const ok = await app.inject({ url: '/_emulator/health' });
  t.same([ok.statusCode, ok.json()], [200, { status: 'ok', region: 'eu-de' }]);
  // What a read-only file or a full disk looks like to SQLite: every write is refused.
  app.emulator.db.pragma('query_only = ON');
  const broken = await app.inject({ url: '/_emulator/health' });
  t.equal(broken.statusCode, 503);
  t.match(broken.json(), { status: 'unavailable', region: 'eu-de', reason: /readonly|read-only|query_only/i });
  app.emulator.db.pragma('query_only = OFF');
  t.equal((await app.inject({ url: '/_emulator/health' })).statusCode, 200, 'and 200 again once it can write');
});

t.test('a seed that cannot load names VPCEP_SEED, the file and the first problem', { timeout: 90_000 }, async (t) => {
  const seed = join(t.testdir(), 'seed.json');
  writeFileSync(seed, JSON.stringify({ format: 'vpcep-emulator-state', version: 1, endpoint_services: [{ id: 'x' }] }));
  const line = await start(t, ['--db', ':memory:'], { VPCEP_SEED: seed });
  t.equal(line, `vpcep-emulator: cannot start: VPCEP_SEED ${seed}: endpoint_services[0].project_id is required`);
});
