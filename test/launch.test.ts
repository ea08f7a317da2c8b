// The Node flags the emulator is started with (scripts/node-flags.mjs) are the same wherever we start it:
// npm start, the image's CMD, and the command the bench and the tests run the build with.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
// @ts-expect-error: a plain ES module of the build scripts, without types
import { emulatorCommand, NODE_FLAGS } from '../scripts/node-flags.mjs';

const root = resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

t.ok(NODE_FLAGS.length > 0 && NODE_FLAGS.every((flag: string) => flag.startsWith('--')), 'flags are listed');

t.test('npm start runs the start script with the flags', async (t) => {
  const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
  t.equal(scripts.start, ['node', ...NODE_FLAGS, 'scripts/start.mjs'].join(' '));
});

t.test("the image's CMD runs the bundle with the flags", async (t) => {
  const cmd = read('Dockerfile')
    .split('\n')
    .filter((line) => line.startsWith('CMD '))
    .at(-1);
  t.same(JSON.parse(cmd!.slice('CMD '.length)), ['node', ...NODE_FLAGS, 'dist/server.js']);
});

t.test('the bench and the tests start the built emulator the same way', async (t) => {
  t.same(emulatorCommand(['--cpu-prof']), [process.execPath, ...NODE_FLAGS, '--cpu-prof', 'dist/server.js']);
});
