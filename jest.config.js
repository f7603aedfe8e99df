/** Jest in ESM mode (NestJS 12 is ESM-only), TypeScript through @swc/jest with decorator metadata. */
export default {
  testEnvironment: process.env.JEST_HANDLE_REPORT
    ? '<rootDir>/test/support/handle-report-environment.mjs'
    : 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // CommonJS that requires ES modules: see the file.
    '^@nestjs/throttler$': '<rootDir>/test/support/nestjs-throttler.mjs',
  },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          keepClassNames: true,
        },
        module: { type: 'es6' },
      },
    ],
  },
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  testTimeout: 60_000,
  // No forceExit: every test file closes its own apps, and nothing else holds a process open (the schema engine's
  // leftover timers are unreferenced in src/infra/database/migrations/schema-engine.ts). A leak shows up as
  // "Jest did not exit" or "A worker process has failed to exit gracefully": find it with --detectOpenHandles, or
  // with JEST_HANDLE_REPORT=<file>, which lists the handles each worker still has after each file (see that environment).
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 3,
  // Each test file's ES modules (a whole Nest app) stay on the worker's heap after the file ends, 60-120 MB a
  // file. Past ~40 files a worker neared V8's 4 GB limit, and its full collections stalled the event loop for
  // seconds: long enough to drop the sockets of a test with a 2 s ping timeout. A fresh worker costs ~1 s.
  workerIdleMemoryLimit: '768MB',
  // Such a worker takes a while to exit once the run is over: 153-520 ms for the three of a full run on the 2-core
  // VM, each holding no handle. Past Jest's default of 500 ms it is killed with the leak warning above; a real leak
  // holds its worker forever, so it is still reported after this.
  workerGracefulExitTimeout: 5_000,
};
