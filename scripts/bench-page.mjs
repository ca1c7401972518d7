// npm run bench:page — first-load JS and CSS (gzipped) of each page in each locale, read from the
// browser's network log against a production build, compared with the budgets in README.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const BUDGET = { js: 170 * 1024, css: 30 * 1024 };
// Every page but login needs a session: the bench signs in with a root password seeded for its own console.
const PAGES = [{ path: '/settings/packages', signedIn: true }, { path: '/login', signedIn: false }];
const ROOT_PASSWORD = 'bench page root password';
const LOCALES = ['en', 'zh', 'fr'];
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function waitFor(url, deadline = Date.now() + 30_000) {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within 30 s`);
}

async function measure(context, url) {
  const page = await context.newPage();
  const bodies = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type === 'script' || type === 'stylesheet') bodies.push(response.body().then((body) => ({ type, gz: gzipSync(body, { level: 9 }).length })).catch(() => null));
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  const sizes = (await Promise.all(bodies)).filter(Boolean);
  await page.close();
  const sum = (type) => sizes.filter((s) => s.type === type).reduce((total, s) => total + s.gz, 0);
  return { js: sum('script'), css: sum('stylesheet') };
}

if (!existsSync('.next/BUILD_ID')) execFileSync('npx', ['next', 'build'], { stdio: 'inherit' });
const port = await freePort();
const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-page-'));
const server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-H', '127.0.0.1', '-p', String(port)], {
  env: { ...process.env, CONSOLE_DATA_DIR: dataDir, CONSOLE_ROOT_PASSWORD: ROOT_PASSWORD, NEXT_TELEMETRY_DISABLED: '1' },
  stdio: 'ignore',
});
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
let failed = false;
try {
  await waitFor(`http://127.0.0.1:${port}/en/login`);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const anonymous = await browser.newContext();
  const signedIn = await browser.newContext();
  const login = await signedIn.request.post(`http://127.0.0.1:${port}/api/auth/login`, { data: { password: ROOT_PASSWORD }, timeout: 10_000 });
  if (!login.ok()) throw new Error(`sign-in failed: ${login.status()}`);
  console.log('page                        | JS gz (budget 170 KB) | CSS gz (budget 30 KB) | result');
  for (const locale of LOCALES) {
    for (const { path: pagePath, signedIn: needsSession } of PAGES) {
      const { js, css } = await measure(needsSession ? signedIn : anonymous, `http://127.0.0.1:${port}/${locale}${pagePath}`);
      const ok = js <= BUDGET.js && css <= BUDGET.css;
      failed ||= !ok;
      console.log(`${`/${locale}${pagePath}`.padEnd(28)}| ${kb(js).padEnd(22)}| ${kb(css).padEnd(22)}| ${ok ? 'pass' : 'FAIL'}`);
    }
  }
  await browser.close();
} finally {
  server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
