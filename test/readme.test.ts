// The README works when pasted: its example blocks are the files a suite runs (npm run test:compat), and
// its walk-throughs run as written against the real server.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startServer } from './support/processes.js';

const readme = readFileSync('README.md', 'utf8');

/** The fenced block that follows each HTML comment matching `marker`, with the comment's first group. */
function blocksAfter(marker: RegExp): { label: string; code: string }[] {
  const pattern = new RegExp(`<!-- ${marker.source} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\`\\n`, 'g');
  return [...readme.matchAll(pattern)].map((m) => ({ label: m[1], code: m[2] }));
}

t.test('each example block is the file it names', async (t) => {
  const examples = blocksAfter(/example: (\S+)/);
  t.ok(examples.length >= 3, 'the Go, Python and Node examples are shown');
  for (const { label, code } of examples) t.equal(code, readFileSync(label, 'utf8'), `${label} matches the README`);
});

t.test('the walk-throughs run as written against the real server', async (t) => {
  t.setTimeout(180_000);
  const walkThroughs = blocksAfter(/(test\/readme\.test\.ts) runs this block/);
  t.equal(walkThroughs.length, 2);
  const server = await startServer(t, ['--port', '0'], { env: { VPCEP_DB: ':memory:', VPCEP_DELAY: '1s' } });
  const address = new URL(server.base).host;

  const run = (code: string) => {
    const result = spawnSync('bash', ['-euo', 'pipefail', '-c', code.replaceAll('127.0.0.1:9600', address)], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    t.equal(result.status, 0, result.stderr);
    return result.stdout;
  };
  const single = run(walkThroughs[0].code);
  t.match(single, /created [0-9a-f-]{36}/);
  t.match(single, /"status":"available"/, 'wait answered with the available service');
  t.match(single, /"service_name":"eu-de\.renamed\./, 'the rename');
  t.match(single, /"error_code":"EndPoint\.3043"/, 'the bad input');
  t.match(single, /\n204\n/, 'the delete');
  t.match(single, /"status":"deleted"\}\n$/, 'wait answered once it was gone');

  const twoAccounts = run(walkThroughs[1].code);
  t.match(twoAccounts, /"status":"pendingAcceptance"/);
  t.match(twoAccounts, /"connections":\[\{"id":"[0-9a-f-]{36}","marker_id":\d+,"status":"pendingAcceptance"/);
  t.match(twoAccounts, /"status":"accepted".*"ip":"192\.168\.0\.2"/s, 'the consumer sees its endpoint accepted');
  t.match(twoAccounts, /"status":"deleted"\}\n$/);
  t.equal((await server.stop('SIGTERM')).code, 0);
});
