// A file database across restarts: data, pending transitions and migrations survive.
import t from 'tap';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, openDatabase } from '../src/db/database.js';
import { MIGRATIONS_DIR } from '../src/paths.js';
import { build, call, createService, manualClock } from './helper.js';
import { advance, waitFor } from './support/control.js';

const MINUTE = { kind: 'fixed', ms: 60_000 } as const;
const START = Date.UTC(2026, 0, 1, 12, 0, 0);

t.test('services and their pending transitions survive a restart', async (t) => {
  const db = join(t.testdir(), 'nested', 'vpcep.db');
  const first = await build(t, { db, delay: MINUTE }, { clock: manualClock(START) });
  const service = await createService(first, { service_name: 'persisted' });
  await first.close();

  // The second run starts two minutes later: the transition fell due while the emulator was down, and
  // runs by itself as soon as it starts (the scheduler's timer, on the real event loop).
  const second = await build(t, { db, delay: MINUTE }, { clock: manualClock(START + 120_000) });
  const waited = await waitFor(second, service.id, 'available', 10);
  t.equal(waited.status, 200, `it became available by itself: ${JSON.stringify(waited.body)}`);
  const got = await call(second, 'GET', `/vpc-endpoint-services/${service.id}`);
  t.equal(got.body.status, 'available');
  t.equal(got.body.service_name, service.service_name);
  t.equal(got.body.created_at, service.created_at);
});

t.test('a transition not yet due stays pending across a restart, due at the same time', async (t) => {
  const db = join(t.testdir(), 'vpcep.db');
  const first = await build(t, { db, delay: MINUTE }, { clock: manualClock(START) });
  const service = await createService(first);
  await first.close();
  const second = await build(t, { db, delay: MINUTE }, { clock: manualClock(START + 30_000) });
  const statusOf = async () => (await call(second, 'GET', `/vpc-endpoint-services/${service.id}`)).body.status;
  t.equal(await statusOf(), 'creating', 'half a minute in, still creating');
  t.same((await advance(second, 29)).applied, [], 'nothing due one second before the minute is over');
  t.equal(await statusOf(), 'creating');
  const due = await advance(second, 1);
  t.same(due.applied.map((c: any) => [c.id, c.to]), [[service.id, 'available']], 'due a minute after the create');
  t.equal(await statusOf(), 'available');
});

t.test('migrations are recorded and applied once; a database upgrades in place', async (t) => {
  const dir = t.testdir();
  const migrations = join(dir, 'migrations');
  mkdirSync(migrations);
  copyFileSync(join(MIGRATIONS_DIR, '001_endpoint_services.sql'), join(migrations, '001_endpoint_services.sql'));
  const path = join(dir, 'upgrade.db');
  const db = openDatabase(path, migrations);
  db.prepare("INSERT INTO resource_tags (resource_id, position, key, value) VALUES ('r', 0, 'k', 'v')").run();
  t.same(migrate(db, migrations), [], 'nothing new to apply');
  db.close();

  writeFileSync(join(migrations, '002_extra.sql'), 'ALTER TABLE resource_tags ADD COLUMN note TEXT;');
  writeFileSync(join(migrations, 'README.txt'), 'not a migration');
  const upgraded = openDatabase(path, migrations);
  t.teardown(() => upgraded.close());
  const versions = upgraded.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
  t.same(versions, [1, 2]);
  t.same(upgraded.prepare('SELECT key, value, note FROM resource_tags').all(), [{ key: 'k', value: 'v', note: null }]);
});

t.test('a failing migration is rolled back and stops the start', async (t) => {
  const dir = t.testdir();
  writeFileSync(join(dir, '001_ok.sql'), 'CREATE TABLE a (x INTEGER);');
  writeFileSync(join(dir, '002_broken.sql'), 'CREATE TABLE b (y INTEGER); THIS IS NOT SQL;');
  const path = join(dir, 'broken.db');
  t.throws(() => openDatabase(path, dir), /syntax error/);
  const db = new Database(path);
  t.teardown(() => db.close());
  t.same(db.prepare('SELECT version FROM schema_migrations').pluck().all(), [1]);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
  t.ok(tables.includes('a'));
  t.notOk(tables.includes('b'), 'the half-applied migration left nothing');
});
