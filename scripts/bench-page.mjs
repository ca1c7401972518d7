// npm run bench:page — the JavaScript and CSS a browser is sent for each console page, against a production
// build: real Chromium, an empty cache for every page, loaded until the network is idle; each figure is
// the sum of the responses' transferred (gzip-encoded) bodies, as the browser received them.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startBenchConsole } from './bench-console.mjs';
import { reportRows } from './bench-report.mjs';

const KB = 1024;
// The Packages page is the one an admin opens most; the other pages keep the older, looser budget.
const BUDGET = { js: 170 * KB, packagesJs: 150 * KB, css: 30 * KB };
const PACKAGES = '/en/settings/packages'; // its chunks are listed one by one
// Every console page, as its visitor first loads it. The bench's console starts with no password, so
// /setup is measured with its form (the one-time token from the log) before the password is set through
// that form's API; the settings pages then use the session that answer opens.
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

/** Loads `url` in a fresh context (empty cache) and returns every script and stylesheet with its transferred size. */
async function measure(browser, url, storageState) {
  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  const pending = [];
  page.on('requestfinished', (request) => {
    const type = request.resourceType();
    if (type === 'script' || type === 'stylesheet') pending.push(request.sizes().then((sizes) => ({ type, url: request.url(), bytes: sizes.responseBodySize })));
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  // Figures for the wrong page are worse than none: a redirect (to login) or a form-less page fails the bench.
  if (new URL(page.url()).pathname !== new URL(url).pathname) throw new Error(`${url} redirected to ${page.url()}`);
  if (/\/(login|setup)$/.test(new URL(url).pathname) && (await page.locator('input[type=password]').count()) === 0) throw new Error(`${url} shows no password form`);
  const files = await Promise.all(pending);
  await context.close();
  const sum = (type) => files.filter((file) => file.type === type).reduce((total, file) => total + file.bytes, 0);
  return { js: sum('script'), css: sum('stylesheet'), files };
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

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;
const { base, close, log } = await startBenchConsole({ label: 'bench-page', prepare: seedHealthHistory });
let failed = false;
let browser;
try {
  const token = await setupTokenFrom(log);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const sizes = new Map();
  for (const locale of LOCALES) sizes.set(`/${locale}/setup`, await measure(browser, `${base}/${locale}/setup?token=${token}`));
  const session = await browser.newContext();
  const setup = await session.request.post(`${base}/api/auth/setup`, { data: { token, password: ROOT_PASSWORD, confirmPassword: ROOT_PASSWORD }, timeout: 10_000 });
  if (!setup.ok()) throw new Error(`setting the password failed: ${setup.status()}`);
  await finishedRun(session.request, base);
  const signedIn = await session.storageState();
  const rows = [];
  for (const locale of LOCALES) {
    for (const { path: pagePath, signedIn: needsSession } of PAGES) {
      const key = `/${locale}${pagePath}`;
      if (!sizes.has(key)) sizes.set(key, await measure(browser, `${base}${key}`, needsSession ? signedIn : undefined));
      const { js, css } = sizes.get(key);
      const jsBudget = pagePath === '/settings/packages' ? BUDGET.packagesJs : BUDGET.js;
      rows.push({ figure: `${key} JS (gzip, sent)`, target: `<= ${kb(jsBudget)}`, measured: kb(js), pass: js <= jsBudget });
      rows.push({ figure: `${key} CSS (gzip, sent)`, target: `<= ${kb(BUDGET.css)}`, measured: kb(css), pass: css <= BUDGET.css });
    }
  }
  console.log(`${PACKAGES} scripts, largest first:`);
  for (const file of sizes.get(PACKAGES).files.filter((f) => f.type === 'script').sort((a, b) => b.bytes - a.bytes)) {
    console.log(`  ${kb(file.bytes).padStart(9)}  ${new URL(file.url).pathname}`);
  }
  failed = rows.some((row) => !row.pass);
  reportRows('bench:page — scripts and stylesheets each page sends (gzip-encoded bodies, Chromium, empty cache)', rows);
} finally {
  await browser?.close(); // also when a check above threw, or node would wait on Chromium
  await close();
}
process.exit(failed ? 1 : 0);
