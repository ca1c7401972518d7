// npm run bench — runs bench:page, bench:check, bench:load and bench:services and prints every figure in one table.
// Not part of `npm test`: the figures vary on a shared machine. Needs the README's setup only.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { tmpdir } from 'node:os';

const report = path.join(tmpdir(), `bench-${process.pid}.jsonl`);
const benches = ['bench:page', 'bench:check', 'bench:load', 'bench:services'];
const failedToRun = [];
for (const bench of benches) {
  console.log(`\n=== ${bench}`);
  const run = spawnSync('npm', ['run', '-s', bench], { stdio: 'inherit', env: { ...process.env, BENCH_REPORT: report } });
  if (run.status !== 0 && run.status !== 1) failedToRun.push(bench); // 1 = ran, some figure over budget
}
const rows = existsSync(report) ? readFileSync(report, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
rmSync(report, { force: true });
console.log('\n=== all figures');
console.log(`${'figure'.padEnd(48)}| ${'target / reference'.padEnd(20)}| ${'measured'.padEnd(22)}| result`);
for (const row of rows) {
  const result = row.pass === null ? '' : row.pass ? 'pass' : 'FAIL';
  console.log(`${row.figure.padEnd(48)}| ${row.target.padEnd(20)}| ${row.measured.padEnd(22)}| ${result}`);
}
if (failedToRun.length) console.log(`did not finish: ${failedToRun.join(', ')}`);
process.exit(failedToRun.length || rows.some((row) => row.pass === false) ? 1 : 0);
