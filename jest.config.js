// TypeScript runs through @swc/jest (the same swc the Temporal worker bundles with);
// type-checking is a separate `tsc --noEmit` step in `npm run lint`, so tests stay fast on 2 cores.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // test/production needs the provisioned Temporal Server and PostgreSQL: `npm run test:production`.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/production/'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  setupFiles: ['<rootDir>/test/support/quiet-runtime.ts'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
