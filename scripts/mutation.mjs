// npm run test:mutation [-- GROUP ...]: Stryker on the rule modules, one group after another (all of them
// unless groups are named), each with its own incremental file and reports under reports/mutation/GROUP/.
// Ends with one line per group: its mutation score and what survived, and how long it took.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GROUPS } from '../stryker.config.mjs';

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in GROUPS)) {
    console.error(`test:mutation: no group ${name}; the groups are ${Object.keys(GROUPS).join(', ')}`);
    process.exit(2);
  }
}

const summaries = [];
let failed = false;
for (const group of wanted.length > 0 ? wanted : Object.keys(GROUPS)) {
  const started = Date.now();
  const run = spawnSync(join('node_modules', '.bin', 'stryker'), ['run'], {
    stdio: 'inherit',
    env: { ...process.env, VPCEP_MUTATION_GROUP: group },
  });
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  if (run.status !== 0) failed = true;
  summaries.push(`${group}: ${scoreOf(group) ?? `stryker exited with ${run.status ?? run.signal}`} (${minutes} min)`);
}
console.log(`\n${summaries.join('\n')}`);
process.exit(failed ? 1 : 0);

/** Killed (timeouts included) out of all valid mutants, from the group's JSON report. */
function scoreOf(group) {
  const file = join('reports', 'mutation', group, 'mutation.json');
  if (!existsSync(file)) return undefined;
  const count = {};
  for (const { mutants } of Object.values(JSON.parse(readFileSync(file, 'utf8')).files)) {
    for (const { status } of mutants) count[status] = (count[status] ?? 0) + 1;
  }
  const detected = (count.Killed ?? 0) + (count.Timeout ?? 0);
  const undetected = (count.Survived ?? 0) + (count.NoCoverage ?? 0);
  const score = detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected);
  return `score ${score.toFixed(1)}% (${detected} killed, ${count.Survived ?? 0} survived, ${count.NoCoverage ?? 0} without coverage, ${count.Ignored ?? 0} ignored)`;
}
