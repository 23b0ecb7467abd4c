/**
 * Tests run from compiled JS (`npm test` compiles first): fast to load, and the same code
 * `cdktf synth` runs. The Terraform suites share the 2 cores with Terraform itself, hence
 * two workers.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/dist/__tests__'],
  testMatch: ['**/*.test.js'],
  setupFilesAfterEnv: ['<rootDir>/jest.setup.js'],
  maxWorkers: 2,
  testTimeout: 300000,
  reporters: ['default', '<rootDir>/jest.summary-reporter.js'],
};
