// cdktf's Jest matchers (toHaveResourceWithProperties, ...); they compare snake_case keys.
require('cdktf').Testing.setupJest();

// No child process (terraform, ...) a test file started may outlive the file: kill what is
// left and fail loudly, instead of a worker that cannot exit.
const { killLeftovers } = require('./dist/__tests__/helpers/children');
afterAll(() => {
  const left = killLeftovers();
  if (left.length) throw new Error(`still running after this file's tests, now killed:\n  ${left.join('\n  ')}`);
});
