// npm start: installs from the lockfile on first use, rebuilds dist/ when a source changed, then runs the
// server in this same process (one Node start-up instead of several, so a built tree answers within a second).
import { ensureDeps } from './ensure-deps.mjs';
import { buildIfStale } from './build-if-stale.mjs';

try {
  ensureDeps();
  buildIfStale();
} catch {
  // npm or tsc has printed what went wrong
  process.stderr.write('vpcep-emulator: cannot start, see the errors above\n');
  process.exit(1);
}
await import('../dist/server.js');
