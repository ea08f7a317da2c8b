// The npm package, as people run it without cloning: `npm pack` builds and packs only what runs, the tarball
// installs into an empty folder, and `npx vpcep-emulator` answers --version and --help and serves the API.
// And `npm start` on a built tree starts at once: it does not build again.
import t from 'tap';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT, serviceBody } from './helper.js';
import { runToEnd, startServer } from './support/processes.js';

t.setTimeout(900_000);

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const MINUTE = 60_000;

t.test('npm pack, install the tarball into an empty folder, run it with npx', { timeout: 840_000 }, async (t) => {
  const work = t.testdir({ packed: {}, app: { 'package.json': JSON.stringify({ name: 'someone-elses-app', private: true }) } });
  const pack = await runToEnd(t, ['npm', 'pack', '--json', '--pack-destination', join(work, 'packed')], {
    cwd: root,
    timeoutMs: 5 * MINUTE,
    coverage: false, // the build scripts are tooling, not the emulator
  });
  t.equal(pack.code, 0, 'npm pack builds and packs', { stderr: pack.stderr });
  const [packed] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const files = packed.files.map((f) => f.path);
  for (const wanted of ['package.json', 'README.md', 'LICENSE', 'dist/server.js', 'migrations/001_endpoint_services.sql', 'openapi/openapi.json']) {
    t.ok(files.includes(wanted), `the package has ${wanted}`);
  }
  t.same(
    files.filter((f) => /^(src|test|scripts|examples|\.ci)\/|\.map$|\.built$/.test(f)),
    [],
    'and nothing that does not run: no sources, tests, scripts, source maps',
  );

  // Installing better-sqlite3 compiles it from source here (no prebuilt binary can be fetched), which takes
  // minutes and is the container test's business. Install without scripts and reuse this checkout's binary
  // when it is the same version; compile only when it is not.
  const app = join(work, 'app');
  const install = await runToEnd(
    t,
    ['npm', 'install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', join(work, 'packed', packed.filename)],
    { cwd: app, timeoutMs: 5 * MINUTE, coverage: false },
  );
  t.equal(install.code, 0, 'the tarball installs into an empty folder', { stderr: install.stderr });
  const sqlite = (dir: string) => join(dir, 'node_modules', 'better-sqlite3');
  const version = (dir: string) => JSON.parse(readFileSync(join(sqlite(dir), 'package.json'), 'utf8')).version;
  const binary = join('build', 'Release', 'better_sqlite3.node');
  if (version(app) === version(root) && existsSync(join(sqlite(root), binary))) {
    mkdirSync(join(sqlite(app), 'build', 'Release'), { recursive: true });
    copyFileSync(join(sqlite(root), binary), join(sqlite(app), binary));
  } else {
    const rebuild = await runToEnd(t, ['npm', 'rebuild', 'better-sqlite3'], { cwd: app, timeoutMs: 10 * MINUTE, coverage: false });
    t.equal(rebuild.code, 0, 'better-sqlite3 compiles', { stderr: rebuild.stderr });
  }

  // The package is installed in this folder, so npx runs it from there and fetches nothing.
  const npx = ['npx', 'vpcep-emulator'];
  const shown = await runToEnd(t, [...npx, '--version'], { cwd: app, timeoutMs: 2 * MINUTE, coverage: false });
  t.equal(shown.stdout.trim(), pkg.version, 'npx vpcep-emulator --version');
  const help = await runToEnd(t, [...npx, '--help'], { cwd: app, timeoutMs: 2 * MINUTE, coverage: false });
  t.match(help.stdout, 'Usage: vpcep-emulator [flags]', 'npx vpcep-emulator --help');

  // Started the way a user would: from their folder, with the default database under ./data.
  const server = await startServer(t, ['--port', '0'], {
    command: npx,
    cwd: app,
    env: { VPCEP_DELAY: 'manual', VPCEP_DB: undefined },
    readyMs: 2 * MINUTE,
    coverage: false,
  });
  t.equal(server.banner.db, 'data/vpcep.db', 'the default database, relative to the folder');
  const created = await fetch(`${server.base}/v1/${PROJECT}/vpc-endpoint-services`, {
    method: 'POST',
    headers: { 'x-auth-token': 'npx', 'content-type': 'application/json' },
    body: JSON.stringify(serviceBody({ service_name: 'from-npx' })),
  });
  t.equal(created.status, 200, 'a service is created');
  t.match(await created.json(), { service_name: /^eu-de\.from-npx\./, status: 'creating' });
  t.ok(existsSync(join(app, 'data', 'vpcep.db')), 'the database is in the folder it was started from');
  await server.stop('SIGTERM');
});

t.test('npm start on a built tree does not build again', { timeout: 5 * MINUTE }, async (t) => {
  const build = await runToEnd(t, ['node', 'scripts/build-if-stale.mjs'], { cwd: root, timeoutMs: 4 * MINUTE, coverage: false });
  t.equal(build.code, 0, 'the build succeeds', { stderr: build.stderr });
  const start = await runToEnd(t, ['node', 'scripts/start.mjs', '--version'], { cwd: root, timeoutMs: MINUTE, coverage: false });
  t.equal(start.stdout.trim(), pkg.version, 'npm start runs the server');
  t.notMatch(start.stderr, 'building', 'no build when nothing changed');
});
