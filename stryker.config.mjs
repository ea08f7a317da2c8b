// Mutation testing (npm run test:mutation): Stryker changes the rule code one small step at a time (a limit
// off by one, a condition flipped, a status string emptied) and runs the tests that cover the change; a
// mutant that no test notices "survives" and points at a missing assertion. See test/README.md.
//
// The rule modules are split into groups, each of which finishes well within an hour on a 2-core machine;
// scripts/mutation.mjs runs them one after another (or only those named) and sets VPCEP_MUTATION_GROUP.
// Each group keeps its own incremental file and reports in reports/mutation/ (git-ignored), so a re-run
// only tests the mutants in code or tests that changed since.
export const GROUPS = {
  runtime: ['src/runtime/scheduler.ts', 'src/runtime/clock.ts'],
  http: ['src/http/validation.ts', 'src/http/errors.ts', 'src/errors.ts'],
  // src/endpoint-services/ as one group took 87 minutes on a shared machine: two now, as for endpoints.
  services: ['src/endpoint-services/operations.ts', 'src/endpoint-services/ports.ts'],
  'service-store': ['src/endpoint-services/store.ts', 'src/endpoint-services/state.ts'],
  // src/endpoints/ and address allocation were one group of 735 mutants (about 2.5 hours): three now.
  endpoints: ['src/endpoints/operations.ts', 'src/endpoints/modify.ts'],
  'endpoint-store': ['src/endpoints/store.ts', 'src/endpoints/state.ts'],
  addresses: ['src/endpoints/network.ts', 'src/network/ipv4.ts', 'src/network/addresses.ts'],
  consumers: ['src/connections/**/*.ts', 'src/permissions/**/*.ts'],
  tags: ['src/tags/**/*.ts', 'src/quotas/**/*.ts'],
};
const group = process.env.VPCEP_MUTATION_GROUP ?? 'runtime';
if (!(group in GROUPS)) throw new Error(`VPCEP_MUTATION_GROUP=${group}: one of ${Object.keys(GROUPS).join(', ')}`);
const reports = `reports/mutation/${group}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'tap',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // The tests run on plain Node from .js files transpiled in the sandbox (see scripts/mutation-build.mjs).
  buildCommand: 'node scripts/mutation-build.mjs',
  tap: {
    // The in-process tests: those that start real processes (a second emulator, the package, the README's
    // commands, the crash storm) test the process around the rules, take minutes each, and would run the
    // sandbox's server. Named by exclusion, so that a new in-process test file is run without being listed
    // (a list by name once missed three of them).
    testFiles: [
      'test/!(database-lock|package|process|readme|startup-failures).test.js',
      'test/!(abuse|browser|compat|fuzz)/**/*.test.js',
    ],
    // tap's loader for t.mockImport.
    nodeArgs: ['--import=@tapjs/mock/import'],
    forceBail: true,
  },
  mutate: [
    ...GROUPS[group],
    // Schemas are data read once at start-up; the validation and OpenAPI tests check them as a whole.
    '!src/**/schemas.ts',
    // Route wiring only: every route is exercised by the tests of its operation.
    '!src/**/routes.ts',
  ],
  // Static mutants (code run once when a module loads) would each need the whole suite; the code that
  // runs at load time here is tables and schemas, covered by the OpenAPI and error-table tests.
  ignoreStatic: true,
  coverageAnalysis: 'perTest',
  // The first run of every test file, one after another, to learn which tests cover which mutant.
  dryRunTimeoutMinutes: 30,
  // One TypeScript checker and two test runners: the checker is idle most of the time.
  concurrency: 3,
  timeoutMS: 30_000,
  timeoutFactor: 2,
  incremental: true,
  incrementalFile: `${reports}/incremental.json`,
  reporters: ['html', 'json', 'progress', 'clear-text'],
  htmlReporter: { fileName: `${reports}/index.html` },
  jsonReporter: { fileName: `${reports}/mutation.json` },
  tempDirName: '.stryker-tmp',
  // What the in-process tests do not read: nothing of it is copied into the sandbox.
  ignorePatterns: ['dist', 'data', 'coverage', '.tap', 'bench', 'test/compat', 'test/fuzz', 'test/browser'],
  cleanTempDir: true,
};
