// Prints the closing lines of `npm test` (one per suite, then the total) from the vitest and Playwright
// JSON reports in .tmp/results.
import { existsSync, readFileSync } from 'node:fs';

const dir = new URL('../.tmp/results/', import.meta.url);
let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];
for (const name of ['unit', 'integration', 'unit-node24', 'integration-node24']) {
  const file = new URL(`${name}.json`, dir);
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  lines.push(`${name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
const e2eFile = new URL('e2e.json', dir);
if (existsSync(e2eFile)) {
  const { stats } = JSON.parse(readFileSync(e2eFile, 'utf8'));
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected;
  skipped += stats.skipped;
  lines.push(`e2e: ${stats.expected + stats.flaky} passed, ${stats.unexpected} failed`);
}
for (const line of lines) console.log(line);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
