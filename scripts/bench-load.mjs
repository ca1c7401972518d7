// npm run bench:load — requests/s and latency of the Packages page (signed in) and of
// GET /manage/v1/config/settings (basic auth), against the bare static /status page of the same build
// as the reference. autocannon on loopback, 50 connections for 20 s each (BENCH_LOAD_SECONDS to change).
import { execFileSync } from 'node:child_process';
import autocannon from 'autocannon';
import { startBenchConsole } from './bench-console.mjs';
import { reportRows } from './bench-report.mjs';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const CONNECTIONS = 50;
const ROOT_PASSWORD = 'bench load root password';
const TARGET = { ratio: 0.5, p99: 100 };

/** Saved settings, so the page and the API render what an admin would see (the cli writes the same store). */
function seedSettings(env) {
  const set = (key, value, extraEnv = {}) =>
    execFileSync(process.execPath, ['--conditions=react-server', 'scripts/cli.mjs', 'config', 'set', key, ...(value === null ? [] : [value])], {
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'ignore', 'pipe'], // a failure's message carries its stderr
      timeout: 60_000,
    });
  set('secrets.packages.service-url', 'https://s3.us-west-2.amazonaws.com');
  set('secrets.packages.s3-bucket', 'bench-packages-bucket');
  set('secrets.packages.aws-access-key', 'AKIABENCHLOAD0000001');
  set('secrets.packages.aws-secret-key', null, { CONSOLE_S3_SECRET_KEY: 'bench load secret key 000000000000000000' });
  set('app.packages.enabled', 'true');
}

async function signIn(base) {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ password: ROOT_PASSWORD }),
    signal: AbortSignal.timeout(10_000),
  });
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (!response.ok || !cookie) throw new Error(`sign-in failed: ${response.status}`);
  return cookie;
}

/** One autocannon run; a figure only counts if every answer was the expected 200. */
async function load(name, url, headers, expectBody) {
  const first = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  const body = await first.text();
  if (first.status !== 200 || !body.includes(expectBody)) throw new Error(`${name}: ${url} answered ${first.status} without "${expectBody}"`);
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS, timeout: 10 });
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${name}: ${bad} of ${result.requests.total + bad} answers were not 200 (non2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`);
  const figures = { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total };
  console.log(`${name}: ${figures.rps.toFixed(0)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms (${figures.total} requests)`);
  return figures;
}

const { base, close } = await startBenchConsole({ rootPassword: ROOT_PASSWORD, label: 'bench-load', prepare: seedSettings });
let failed = false;
try {
  const cookie = await signIn(base);
  const apiAuth = `Basic ${Buffer.from(`api_key:${ROOT_PASSWORD}`).toString('base64')}`;
  console.log(`${CONNECTIONS} connections, ${SECONDS} s each, on loopback`);
  const bare = await load('bare page /status', `${base}/status`, {}, 'OK');
  const pageRun = await load('Packages page /en/settings/packages', `${base}/en/settings/packages`, { cookie }, 'bench-packages-bucket');
  const api = await load('GET /manage/v1/config/settings', `${base}/manage/v1/config/settings`, { authorization: apiAuth }, 'bench-packages-bucket');

  const row = (figure, target, measured, pass) => ({ figure, target, measured, pass });
  const rps = (f) => `${f.rps.toFixed(0)} req/s`;
  const ratio = (f) => f.rps / bare.rps;
  const rows = [
    row('bare page /status: requests/s', 'reference', rps(bare), null),
    row('bare page /status: p50 / p99', 'reference', `${bare.p50} / ${bare.p99} ms`, null),
  ];
  for (const f of [pageRun, api]) {
    rows.push(row(`${f.name}: requests/s`, `>= ${TARGET.ratio} x bare`, `${rps(f)} (${ratio(f).toFixed(2)} x)`, ratio(f) >= TARGET.ratio));
    rows.push(row(`${f.name}: p50 / p99`, `p99 < ${TARGET.p99} ms`, `${f.p50} / ${f.p99} ms`, f.p99 < TARGET.p99));
  }
  failed = rows.some((r) => r.pass === false);
  reportRows(`bench:load — autocannon, ${CONNECTIONS} connections x ${SECONDS} s, loopback`, rows);
} finally {
  await close();
}
process.exit(failed ? 1 : 0);
