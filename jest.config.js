// @ts-check
const { swcOptions } = require('./tools/swc-options.cjs');

/** @type {import('jest').Config['transform']} */
const transform = { '^.+\\.ts$': ['@swc/jest', { ...swcOptions(), swcrc: false }] };
const common = {
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  // the images' bundles (tools/bundle.mjs) and Nx's cache of them: each has a package.json named like the workspace's
  modulePathIgnorePatterns: ['<rootDir>/dist-bundles/', '<rootDir>/.nx/'],
};

/**
 * Three suites, run per project by Nx (`npm test`: each project's `unit`, `integration` and, for apps/e2e, `e2e`
 * target, filtered with `--testPathPatterns <projectRoot>/`):
 * - unit: `*.spec.ts` beside the code, no I/O;
 * - integration: `*.int-spec.ts` against the real Postgres, Redis and RabbitMQ (own databases, vhost and key prefix per run);
 * - e2e: `apps/e2e`, black-box through the gateway against the four services started as processes from `dist/`.
 */
/** per test and hook, for the suites against real Postgres, Redis and RabbitMQ (jest.setTimeout(30 s)) */
const realServers = { setupFilesAfterEnv: ['<rootDir>/libs/tooling/stack/src/jest/real-servers.setup.ts'] };

/** @type {import('jest').Config} */
const config = {
  rootDir: __dirname,
  // the default report, and a short list of the failed tests that `npm test` prints again at its end (tools/test.sh)
  reporters: ['default', '<rootDir>/tools/jest/failure-summary.reporter.cjs'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools,bench}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int-spec.ts'],
      ...realServers,
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/e2e/'],
      globalSetup: '<rootDir>/libs/tooling/stack/src/jest/integration.global-setup.ts',
      globalTeardown: '<rootDir>/libs/tooling/stack/src/jest/integration.global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      ...realServers,
      testMatch: ['<rootDir>/apps/e2e/src/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/apps/e2e/src/support/global-setup.ts',
      globalTeardown: '<rootDir>/apps/e2e/src/support/global-teardown.ts',
    },
  ],
};

module.exports = config;
