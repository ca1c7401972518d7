import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { builtRoutes, concretePaths } from '@/lib/testing/build-routes';
import { signIn, startConsole, tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { createBucketAs, createMarkerUser } from '@/lib/testing/marker-s3-user';

// Saves an S3 secret that is a unique marker, then reads everything the console serves (every built
// route as HTML, RSC payload and HEAD; the API; failing checks and saves that use the stored secret;
// a refused save that echoes fields; a restore from the settings history and its comparisons) and looks for the marker in every response, the server's output
// and every file in the data directory.

const PASSWORD = 'secret leak test password';
const id = randomBytes(5).toString('hex');
const marker = `LeakMarker${randomBytes(12).toString('hex')}`;
const accessKey = `LEAK${id.toUpperCase()}000000`;
const bucket = `leak-${id}`;

let server: ConsoleServer;
let cookie: string;
const seen: { what: string; text: string }[] = [];

async function call(url: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
  const response = await fetch(`${server.url}${url}`, { redirect: 'manual', signal: AbortSignal.timeout(20_000), ...init, headers: { cookie, ...init.headers } });
  const body = init.method === 'HEAD' ? '' : await response.clone().text();
  seen.push({ what: `${init.method ?? 'GET'} ${url} → ${response.status}`, text: `${JSON.stringify([...response.headers])}\n${body}` });
  return response;
}

const json = (method: string, url: string, body: unknown) =>
  call(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Save settings answers 202 with a configuration run; follows it (through `call`, so it is checked too) to its end. */
async function finishedRun(response: Response): Promise<{ successful: boolean; phases: { name: string; state: string }[] }> {
  expect(response.status, await response.clone().text()).toBe(202);
  const { run } = (await response.json()) as { run: { id: string } };
  for (let attempt = 0; attempt < 150; attempt += 1) {
    const current = (await (await call(`/api/config/runs/${run.id}`)).json()) as { running: boolean; successful: boolean; phases: { name: string; state: string }[] };
    if (!current.running) return current;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`run ${run.id} did not finish`);
}

beforeAll(async () => {
  await createMarkerUser(`leak-${id}`, accessKey, marker);
  await createBucketAs(bucket, accessKey, marker);
  server = await startConsole(await tempDataDir('leak'), { CONSOLE_ROOT_PASSWORD: PASSWORD });
  cookie = await signIn(server, PASSWORD);
});
afterAll(async () => {
  await server?.stop();
});

it('the marker secret appears in no response, no server output and no data file', async () => {
  const endpoint = process.env.S3_TEST_ENDPOINT ?? '';
  const settings = { serviceUrl: endpoint, bucket, accessKey, region: '', pathStyle: 'auto' };
  expect((await finishedRun(await json('PUT', '/api/settings/packages', { enabled: true, ...settings, secretKey: marker, version: 0 }))).successful).toBe(true);

  for (const route of builtRoutes()) {
    for (const url of concretePaths(route.pattern)) {
      await call(url);
      await call(url, { headers: { rsc: '1' } });
      await call(url, { method: 'HEAD' });
    }
  }
  const check = (overrides: Record<string, unknown>) => json('POST', '/api/settings/packages/check', { ...settings, secretKey: '', version: 1, ...overrides });
  expect(((await (await check({})).json()) as { check: { ok: boolean } }).check.ok).toBe(true);
  // A new access key does not inherit the stored secret (422), so that case sends the marker itself.
  expect((await check({ accessKey: 'AKIANOSUCHKEY0000000' })).status).toBe(422);
  for (const overrides of [{ bucket: `missing-${id}` }, { accessKey: 'AKIANOSUCHKEY0000000', secretKey: marker }, { serviceUrl: 'http://127.0.0.1:9' }]) {
    expect(((await (await check(overrides)).json()) as { check: { ok: boolean } }).check.ok).toBe(false);
  }
  const missing = await finishedRun(await json('PUT', '/api/settings/packages', { enabled: true, ...settings, bucket: `missing-${id}`, secretKey: '', version: 1, confirmStorageChange: true }));
  expect(missing.phases.find((phase) => phase.name === 'check')?.state).toBe('failed');
  expect((await json('PUT', '/api/settings/packages', { enabled: true, ...settings, secretKey: `${marker}\u0000`, version: 1 })).status).toBe(422);
  expect((await json('PUT', '/api/settings/packages', { enabled: true, ...settings, secretKey: marker, version: 0 })).status).toBe(409);
  expect((await json('PUT', '/api/settings/packages', { enabled: false, version: 1, extra: marker })).status).toBe(422);
  expect((await finishedRun(await json('PUT', '/api/settings/packages', { enabled: false, version: 1 }))).successful).toBe(true); // audit entry
  // The history: version 1 (the marker) restored from the sealed history, compared, listed, diffed.
  expect((await finishedRun(await json('POST', '/api/settings/history/1/restore', { expectedVersion: 2 }))).successful).toBe(true);
  for (const url of ['/en/settings/history', '/fr/settings/history?from=1&to=3', '/zh/settings/history?from=2&to=3', '/en/settings/runs']) await call(url);
  expect(seen.some(({ what, text }) => what.startsWith('GET /fr/settings/history?from=1&to=3 →') && text.includes('secrets.packages.aws-secret-key'))).toBe(true);
  expect((await call('/api/auth/logout', { method: 'POST' })).status).toBe(303);

  expect(seen.length).toBeGreaterThan(30);
  expect(seen.some(({ what, text }) => what.startsWith('GET /en/settings/packages →') && text.includes(bucket))).toBe(true);
  expect(seen.filter(({ text }) => text.includes(marker)).map(({ what }) => what)).toEqual([]);
  expect(server.output()).not.toContain(marker);

  const files = (await fs.readdir(server.dataDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  const names = files.map((entry) => path.relative(server.dataDir, path.join(entry.parentPath, entry.name)));
  expect(names).toEqual(expect.arrayContaining(['settings.json', 'settings-history.json', 'audit.log', 'encryption.key', 'root-password.json', 'session.key']));
  const stored = JSON.parse(await fs.readFile(path.join(server.dataDir, 'settings.json'), 'utf8')) as { settings: Record<string, string> };
  expect(stored.settings['secrets.packages.aws-secret-key']).toMatch(/^v1:/);
  for (const entry of files) {
    const content = await fs.readFile(path.join(entry.parentPath, entry.name), 'latin1');
    expect(content, entry.name).not.toContain(marker);
    expect(content, entry.name).not.toContain(PASSWORD);
  }
});
