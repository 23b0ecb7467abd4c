/**
 * Prints the closing line CI reads ("N passed, N failed, N skipped") and every skipped
 * test with its reason, so that a suite skipped for a missing tool is never silent.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = [];
    for (const file of results.testResults) {
      for (const t of file.testResults) {
        if (t.status === 'pending' || t.status === 'skipped') skipped.push(t.fullName);
      }
    }
    if (skipped.length) {
      console.log(`\nSKIPPED (${skipped.length}):`);
      for (const name of skipped) console.log(`  - ${name}`);
    }
    const passed = results.numPassedTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    console.log(`\n${passed} passed, ${failed} failed, ${results.numPendingTests} skipped`);
  }
}
module.exports = SummaryReporter;
