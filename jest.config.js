/**
 * Tests run from compiled JS (`npm test` compiles first): fast to load, and the same code
 * `cdktf synth` runs. Three workers on the 2 cores: the Terraform suites spend much of their
 * time waiting (the backend suite on the provider's S3 consistency waits), and a third worker
 * keeps the cores busy meanwhile. Global setup finds Terraform once, gives the run one temp
 * folder, which global teardown removes, and starts a pool of AWS provider processes Terraform
 * reattaches to (__tests__/helpers/provider-pool.ts), through a filter that serves Terraform only
 * the provider schemas a command needs (__tests__/helpers/provider-schema-filter.ts).
 *
 * Environment switches: GOVTECH_PROVIDER_POOL_SIZE=0 turns the pool off (every Terraform run
 * starts its own provider, as before; another number sets its size); GOVTECH_SCHEMA_FILTER=0 turns
 * the schema filter off (Terraform reads the provider's whole schema); GOVTECH_PROVIDER_POOL_REPORT=1
 * prints the pool's CPU time at the end; GOVTECH_CPU_REPORT=<file> appends each test file's own
 * CPU time to <file> (jest.setup.js).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/dist/__tests__'],
  testMatch: ['**/*.test.js'],
  setupFilesAfterEnv: ['<rootDir>/jest.setup.js'],
  globalSetup: '<rootDir>/dist/__tests__/helpers/global-setup.js',
  globalTeardown: '<rootDir>/dist/__tests__/helpers/global-teardown.js',
  // Jest's own cache (test durations, which order the next run) stays out of the temp dir.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  // The tests are compiled by tsc already: no Babel pass over them.
  transform: {},
  testSequencer: '<rootDir>/jest.sequencer.js',
  maxWorkers: 3,
  testTimeout: 300000,
  reporters: ['default', '<rootDir>/jest.summary-reporter.js'],
};
