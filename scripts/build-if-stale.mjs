// Builds dist/ with the TypeScript compiler, but only when a source is newer than the last successful build
// (or there is none), so that `npm start` on a built tree starts at once. Runs tsc through node itself,
// not npm or a shell, which works the same on every platform.
//
// dist/server.js, what npm start, the bin and the image run, is then replaced by one bundled file (esbuild):
// loading the ~900 module files of the compiled tree and its dependencies one by one took half of the
// start-up. The compiled modules stay beside it for what imports them (the bench, the suite scripts).
//
//   node scripts/build-if-stale.mjs            as a program
//   node scripts/build-if-stale.mjs --clean    dist/ removed and built anew, whatever the times (prepack)
//   import { buildIfStale } ...          from other scripts (the compatibility suite)
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
const UI_SOURCE = join('src', 'control', 'ui');
const UI_OUT = join('dist', 'control', 'ui');
/** Written after a build that succeeded; its time is the build's. */
const STAMP = join('dist', '.built');

/** Whether dist/ is missing or older than any input. */
export function isStale(root = ROOT) {
  const stamp = join(root, STAMP);
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return INPUTS.some((input) => newestMtime(join(root, input)) > built);
}

/** Builds when stale; says so on stderr, because a build takes several seconds. Returns whether it built. */
export function buildIfStale(root = ROOT) {
  if (!isStale(root)) return false;
  process.stderr.write('vpcep-emulator: building dist/ from src/ (sources changed since the last build) ...\n');
  build(root);
  return true;
}

/** A build into an empty dist/, so that nothing of a removed source is packed. */
export function cleanBuild(root = ROOT) {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  build(root);
}

function build(root) {
  const started = Date.now();
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  // tsc compiles only TypeScript: the dashboard's page, scripts and style sheet are copied as they are, the
  // folder replaced whole so that a file removed from the source does not linger.
  rmSync(join(root, UI_OUT), { recursive: true, force: true });
  cpSync(join(root, UI_SOURCE), join(root, UI_OUT), { recursive: true });
  bundleServer(root);
  writeFileSync(join(root, STAMP), `${new Date().toISOString()}\n`);
  process.stderr.write(`vpcep-emulator: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

/**
 * dist/server.js and everything it imports in one ES module, in place. Left outside: the native SQLite
 * binding, pino-pretty (loaded only for LOG_FORMAT=pretty) and Swagger UI, which serves the files of its own
 * package folder. The bundle sits where dist/server.js was, so src/paths.ts finds the package's files from it.
 */
function bundleServer(root) {
  // Required here, not imported at the top: npm start imports this module before it installs the
  // dependencies of a fresh clone.
  const { buildSync } = createRequire(join(root, 'package.json'))('esbuild');
  const server = join(root, 'dist', 'server.js');
  buildSync({
    entryPoints: [server],
    outfile: server,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'pino-pretty', '@fastify/swagger-ui'],
    // The CommonJS packages inside (Fastify, pino, Ajv) call require() for Node's own modules.
    banner: { js: "import { createRequire as bundleRequire } from 'node:module';\nconst require = bundleRequire(import.meta.url);" },
    sourcemap: true,
    logLevel: 'warning',
  });
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    if (process.argv.includes('--clean')) cleanBuild();
    else buildIfStale();
  } catch {
    // tsc has printed the errors
    process.stderr.write('vpcep-emulator: the build failed (see the errors above)\n');
    process.exit(1);
  }
}
