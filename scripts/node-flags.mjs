// The Node flags the emulator runs with where we start the process: npm start, the image's CMD, the bench and
// the tests that run the build (test/launch.test.ts checks that package.json and the Dockerfile say the same). The bin (`npx
// vpcep-emulator`) starts through `#!/usr/bin/env node` and cannot carry flags portably (`env -S` came with GNU
// coreutils 8.30, and minimal images such as BusyBox's may lack it: the bin would not start at all there); it
// runs the same without them, with more memory after a burst.
//
// --max-semi-space-size=2: a young generation of at most 2 MB per semi-space instead of 16. Under load V8
// grows it to its largest and keeps it: 32 MB of memory for garbage that lives as long as a request. Measured
// after 20,000 creates, with the idle collection of src/idle-collector.ts: 105 MB resident instead of
// 133, and no more CPU per GET or create (three alternating runs each).
export const NODE_FLAGS = ['--max-semi-space-size=2'];

/** The built emulator as npm start and the image run it (from the package root): Node, our flags, `extra` Node flags. */
export function emulatorCommand(extra = []) {
  return [process.execPath, ...NODE_FLAGS, ...extra, 'dist/server.js'];
}
