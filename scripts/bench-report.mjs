// Shared by the bench:* scripts: print a table, and append the rows to $BENCH_REPORT (JSON lines)
// so `npm run bench` can print every figure in one table.
import { appendFileSync } from 'node:fs';

/** @param {string} title @param {{ figure: string, target: string, measured: string, pass: boolean | null }[]} rows */
export function reportRows(title, rows) {
  console.log(title);
  console.log(`${'figure'.padEnd(48)}| ${'target / reference'.padEnd(20)}| ${'measured'.padEnd(22)}| result`);
  for (const row of rows) {
    const result = row.pass === null ? '' : row.pass ? 'pass' : 'FAIL';
    console.log(`${row.figure.padEnd(48)}| ${row.target.padEnd(20)}| ${row.measured.padEnd(22)}| ${result}`);
  }
  if (process.env.BENCH_REPORT) {
    for (const row of rows) appendFileSync(process.env.BENCH_REPORT, `${JSON.stringify(row)}\n`);
  }
}
