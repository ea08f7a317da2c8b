// Where the emulator's own files are. This module sits one level below the package root wherever it runs:
// in src/ (the tests), in dist/ (the compiled modules) and inside dist/server.js (the bundle that npm start,
// the bin and the image run; see scripts/build-if-stale.mjs). So every path is taken from here, never from
// a module deeper down, whose place the bundle does not keep.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const PACKAGE_JSON = join(PACKAGE_ROOT, 'package.json');
export const MIGRATIONS_DIR = join(PACKAGE_ROOT, 'migrations');
/** The dashboard's plain files: src/control/ui/, copied by the build to dist/control/ui/. */
export const DASHBOARD_DIR = fileURLToPath(new URL('./control/ui/', import.meta.url));
