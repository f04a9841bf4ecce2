// Adds up the Jest and Playwright JSON reports into one closing line,
// "tests: N passed, N failed". A failed step whose report shows no failed
// test (type-check, lint, build, a crashed runner) counts as one failure, so
// the line never hides it.
const fs = require('fs');
const path = require('path');

const [dir, ...failedSteps] = process.argv.slice(2);

function read(file) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  } catch {
    return undefined;
  }
}

function fromJest(report) {
  return report
    ? {
        passed: report.numPassedTests,
        failed: report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0),
      }
    : { passed: 0, failed: 0 };
}

function fromPlaywright(report) {
  return report?.stats
    ? {
        passed: report.stats.expected + (report.stats.flaky ?? 0),
        failed: report.stats.unexpected,
      }
    : { passed: 0, failed: 0 };
}

const reports = {
  'unit and database tests': fromJest(read('jest.json')),
  'broker restart and crash tests': fromJest(read('jest-serial.json')),
  'end-to-end tests': fromPlaywright(read('playwright.json')),
};

let passed = 0;
let failed = 0;
for (const counts of Object.values(reports)) {
  passed += counts.passed;
  failed += counts.failed;
}
for (const step of failedSteps) {
  if (!reports[step] || reports[step].failed === 0) {
    failed += 1;
  }
}
console.log(`tests: ${passed} passed, ${failed} failed`);
