// npm run bench:page — first-load JS and CSS (gzipped) of each page in each locale, read from the
// browser's network log against a production build, compared with the budgets in README.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { startBenchConsole } from './bench-console.mjs';
import { reportRows } from './bench-report.mjs';

const BUDGET = { js: 170 * 1024, css: 30 * 1024 };
// Every console page, as its visitor first loads it. The bench's own console starts with no password, so
// /setup is measured with its form (the one-time token from the log), before the password is set
// through that form's API; the settings pages then use the session that answer opens.
const PAGES = [
  { path: '/settings/packages', signedIn: true },
  { path: '/settings/runs', signedIn: true },
  { path: '/settings/health', signedIn: true },
  { path: '/settings/services', signedIn: true },
  { path: '/login', signedIn: false },
  { path: '/setup', signedIn: false },
];
const ROOT_PASSWORD = 'bench page root password';
const LOCALES = ['en', 'zh', 'fr'];
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

async function setupTokenFrom(log, deadline = Date.now() + 30_000) {
  while (Date.now() < deadline) {
    const token = log().match(/\/setup\?token=([A-Za-z0-9_-]+)/)?.[1];
    if (token) return token;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the console printed no setup URL within 30 s');
}

/** Saves once with Packages off and waits for the run to end, so the runs page lists a finished run. */
async function finishedRun(request, base) {
  const { version } = await (await request.get(`${base}/api/settings/packages`)).json();
  const save = await request.put(`${base}/api/settings/packages`, { data: { enabled: false, version } });
  if (save.status() !== 202) throw new Error(`save failed: ${save.status()}`);
  for (let i = 0; i < 100; i += 1) {
    if (!(await (await request.get(`${base}/en/settings/runs`)).text()).includes('data-state="running"')) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the configuration run did not end within 20 s');
}

async function measure(context, url) {
  const page = await context.newPage();
  const bodies = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type === 'script' || type === 'stylesheet') bodies.push(response.body().then((body) => ({ type, gz: gzipSync(body, { level: 9 }).length })).catch(() => null));
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  // Figures for the wrong page are worse than none: a redirect (to login) or a form-less page fails the bench.
  if (new URL(page.url()).pathname !== new URL(url).pathname) throw new Error(`${url} redirected to ${page.url()}`);
  if (/\/(login|setup)$/.test(new URL(url).pathname) && (await page.locator('input[type=password]').count()) === 0) throw new Error(`${url} shows no password form`);
  const sizes = (await Promise.all(bodies)).filter(Boolean);
  await page.close();
  const sum = (type) => sizes.filter((s) => s.type === type).reduce((total, s) => total + s.gz, 0);
  return { js: sum('script'), css: sum('stylesheet') };
}

/** A day of kept health checks (the page's chart shows at most that many), so the chart and uPlot are measured too. */
function seedHealthHistory(env) {
  const operations = ['list', 'write', 'read', 'delete'];
  const records = Array.from({ length: 288 }, (_, index) => ({
    checkedAt: new Date(Date.now() - (288 - index) * 300_000).toISOString(),
    state: index % 50 === 7 ? 'failing' : 'healthy',
    cause: index % 50 === 7 ? { code: 'operationFailed', operation: 'list', issue: 'endpointRefused', params: { host: '127.0.0.1:9' } } : { code: 'allPassed' },
    runId: '0123456789abcdef',
    certificateExpiresAt: null,
    operations: operations.map((operation) =>
      index % 50 === 7 ? { operation, status: 'fail', code: 'endpointRefused', latencyMs: 2 } : { operation, status: 'pass', latencyMs: 10 + ((index * 7) % 40) },
    ),
  }));
  writeFileSync(path.join(env.CONSOLE_DATA_DIR, 'storage-health.json'), JSON.stringify({ format: 1, records, changes: [] }), { mode: 0o600 });
}

// No seeded password: the setup form is measured first, with the one-time token from the log.
const { base, close, log } = await startBenchConsole({ label: 'bench-page', prepare: seedHealthHistory });
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
let failed = false;
let browser;
try {
  const token = await setupTokenFrom(log);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const anonymous = await browser.newContext();
  const signedIn = await browser.newContext();
  const sizes = new Map();
  for (const locale of LOCALES) sizes.set(`/${locale}/setup`, await measure(anonymous, `${base}/${locale}/setup?token=${token}`));
  const setup = await signedIn.request.post(`${base}/api/auth/setup`, { data: { token, password: ROOT_PASSWORD, confirmPassword: ROOT_PASSWORD }, timeout: 10_000 });
  if (!setup.ok()) throw new Error(`setting the password failed: ${setup.status()}`);
  await finishedRun(signedIn.request, base);
  const rows = [];
  for (const locale of LOCALES) {
    for (const { path: pagePath, signedIn: needsSession } of PAGES) {
      const key = `/${locale}${pagePath}`;
      if (!sizes.has(key)) sizes.set(key, await measure(needsSession ? signedIn : anonymous, `${base}${key}`));
      const { js, css } = sizes.get(key);
      rows.push({ figure: `/${locale}${pagePath} first-load JS (gzip)`, target: '<= 170 KB', measured: kb(js), pass: js <= BUDGET.js });
      rows.push({ figure: `/${locale}${pagePath} first-load CSS (gzip)`, target: '<= 30 KB', measured: kb(css), pass: css <= BUDGET.css });
    }
  }
  failed = rows.some((row) => !row.pass);
  reportRows('bench:page — first-load JS and CSS per page, from the browser network log', rows);
} finally {
  await browser?.close(); // also when a check above threw, or node would wait on Chromium
  await close();
}
process.exit(failed ? 1 : 0);
