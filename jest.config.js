/* global process */
/** Jest in native ESM mode (Nest 12 packages are ESM-only); run through `npm test`. */
export default {
  testEnvironment: 'node',
  // E2E suites boot the service (and PGlite's WASM Postgres) in hooks and child processes.
  testTimeout: 60_000,
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // The ESM build imports JSON without an import attribute, which Jest warns about.
    '^libphonenumber-js$': '<rootDir>/node_modules/libphonenumber-js/index.cjs',
    // CommonJS requiring ESM-only Nest: Jest cannot load it on Node 20 (see the double's comment).
    '^@nestjs/throttler$': '<rootDir>/test/support/throttler-double.ts',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  // Losing a Postgres server only exists on Postgres: that suite runs when TEST_DATABASE_URL is set.
  testPathIgnorePatterns: ['/node_modules/', ...(process.env.TEST_DATABASE_URL ? [] : ['/test/e2e/faults\\.e2e-spec\\.ts$'])],
};
