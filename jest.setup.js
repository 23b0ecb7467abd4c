// cdktf's Jest matchers (toHaveResourceWithProperties, ...); they compare snake_case keys.
require('cdktf').Testing.setupJest();

// cdktf captures the whole stack at every token it creates (on a plain object, not an Error),
// and the source-map-support Jest installs maps each frame through the source maps: a third of
// a synthesizing test file's CPU. Those traces are printed only when a token fails to resolve;
// they keep V8's own (unmapped) format, and errors keep their mapped stacks.
const mapStackTrace = Error.prepareStackTrace;
if (typeof mapStackTrace === 'function') {
  Error.prepareStackTrace = (error, frames) =>
    error instanceof Error ? mapStackTrace(error, frames) : `Error\n${frames.map((f) => `    at ${f}`).join('\n')}`;
}

// No child process (terraform, ...) a test file started may outlive the file: kill what is
// left and fail loudly, instead of a worker that cannot exit.
const { killLeftovers } = require('./dist/__tests__/helpers/children');
afterAll(() => {
  const left = killLeftovers();
  if (left.length) throw new Error(`still running after this file's tests, now killed:\n  ${left.join('\n  ')}`);
});

// GOVTECH_CPU_REPORT=<file>: append each test file's own CPU seconds (the worker's, from before
// the file loads to after its tests; child processes not included), to find the costly files.
if (process.env.GOVTECH_CPU_REPORT) {
  const start = process.cpuUsage();
  afterAll(() => {
    const used = process.cpuUsage(start);
    const file = require('path').relative(__dirname, expect.getState().testPath);
    require('fs').appendFileSync(process.env.GOVTECH_CPU_REPORT, `${((used.user + used.system) / 1e6).toFixed(1)} ${file}\n`);
  });
}
