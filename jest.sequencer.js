/**
 * Test files start in the order that finishes the run soonest on 2 cores: the backend suite
 * first (its chain of waits, on the AWS provider's ~55 s S3 lifecycle check and on the applies
 * behind it, is the longest path of the run, while it needs little CPU), then the other
 * Terraform suites, then the rest, each group longest first by Jest's recorded durations (file
 * size on a fresh clone). Jest's default runs files it has no duration for first, which on a
 * partly warm cache can start the backend suite a minute late.
 */
const Sequencer = require('@jest/test-sequencer').default;

const rank = (path) => (path.includes('/terraform/backend.') ? 0 : /\/(terraform|examples)\//.test(path) ? 1 : 2);

class CriticalPathFirst extends Sequencer {
  sort(tests) {
    const byDuration = super.sort(tests);
    return byDuration
      .map((test, i) => ({ test, i }))
      .sort((a, b) => rank(a.test.path) - rank(b.test.path) || a.i - b.i)
      .map(({ test }) => test);
  }
}

module.exports = CriticalPathFirst;
