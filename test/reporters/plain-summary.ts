import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the run's totals as one plain line, `N passed, N failed, N skipped`, after vitest's
 * own report: the form CI systems that do not know vitest read to count tests. Skipped tests
 * are listed by name first (a suite that needs a binary says which and how to install it).
 */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped.push(`${module.moduleId.replace(`${process.cwd()}/`, '')} > ${test.fullName}`);
      }
      // A file that failed to load has no tests to count, but it failed.
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
    }
    // A skip must never read as a pass: each is named, with the reason its suite gives.
    if (skipped.length > 0) process.stdout.write(`\nSkipped (not run):\n${skipped.map((name) => `  - ${name}`).join('\n')}\n`);
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped.length} skipped\n`);
  }
}
