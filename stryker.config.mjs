// Mutation testing (npm run test:mutation): Stryker changes the rule code one small step at a time (a limit
// off by one, a condition flipped, a status string emptied) and runs the tests that cover the change; a
// mutant that no test notices "survives" and points at a missing assertion. See test/README.md.
//
// Scope: the modules that carry the rules. One run over all of them takes too long for this 2-core machine,
// so run it per folder when you need a fresh baseline, e.g.
//   npm run test:mutation -- --mutate 'src/endpoints/**/*.ts'
// Runs are incremental: results are kept in reports/mutation/incremental.json (git-ignored), and a re-run
// only tests mutants in code or tests that changed since.
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
    // sandbox's server.
    testFiles: [
      'test/{config,cors,http,openapi,random,scheduler,smoke,versions}.test.js',
      'test/!(abuse|browser|compat|fuzz)/**/*.test.js',
    ],
    // tap's loader for t.mockImport.
    nodeArgs: ['--import=@tapjs/mock/import'],
    forceBail: true,
  },
  mutate: [
    'src/endpoint-services/**/*.ts',
    'src/endpoints/**/*.ts',
    'src/connections/**/*.ts',
    'src/permissions/**/*.ts',
    'src/quotas/**/*.ts',
    'src/tags/**/*.ts',
    'src/network/ipv4.ts',
    'src/network/addresses.ts',
    'src/runtime/scheduler.ts',
    'src/runtime/clock.ts',
    'src/http/validation.ts',
    'src/http/errors.ts',
    'src/errors.ts',
    // Schemas are data read once at start-up; the validation and OpenAPI tests check them as a whole.
    '!src/**/schemas.ts',
    // Route wiring only: every route is exercised by the tests of its operation.
    '!src/**/routes.ts',
  ],
  // Static mutants (code run once when a module loads) would each need the whole suite; the code that
  // runs at load time here is tables and schemas, covered by the OpenAPI and error-table tests.
  ignoreStatic: true,
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 60_000,
  timeoutFactor: 2,
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  reporters: ['html', 'json', 'progress', 'clear-text'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  // What the in-process tests do not read: nothing of it is copied into the sandbox.
  ignorePatterns: ['dist', 'data', 'coverage', '.tap', 'bench', 'test/compat', 'test/fuzz', 'test/browser'],
  cleanTempDir: true,
};
