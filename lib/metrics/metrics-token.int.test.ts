import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtRoutes, concretePaths } from '@/lib/testing/build-routes';
import { signIn, startConsole, tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { basic, manageClient } from '@/lib/testing/manage-client';
import { parsePrometheusText } from '@/lib/testing/prometheus-text';
import { runCli } from '@/lib/testing/run-cli';
import { ROOT_PASSWORD } from '@/lib/testing/run-console';
import { readAuditEvents } from '@/lib/settings/audit-log';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';

// A real console (`next start`): the metrics token made, rotated and revoked through the Manage API, the
// CLI and the console's own API; /metrics scraped with it; every other route refusing it; and no token
// ever again in an answer, the server's output or the data directory once it was handed out.

let server: ConsoleServer;
let call: ReturnType<typeof manageClient>;
let cookie = '';
let dataDir = '';
const tokens: string[] = [];
/** Everything the console said after the first token was handed out (the answers that hand one out excepted). */
const seen: { what: string; text: string }[] = [];
const WELL_FORMED_STRANGER = `pscm_00000000_${'A'.repeat(43)}`;

async function send(url: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
  const response = await fetch(`${server.url}${url}`, { redirect: 'manual', signal: AbortSignal.timeout(20_000), ...init });
  const body = init.method === 'HEAD' ? '' : await response.clone().text();
  seen.push({ what: `${init.method ?? 'GET'} ${url} → ${response.status}`, text: `${JSON.stringify([...response.headers])}\n${body}` });
  return response;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const scrape = (token: string, method = 'GET') => send('/metrics', { method, headers: bearer(token) });

/** Hands out a token and keeps it for the leak check; its own answer is the one place it may appear. */
function remember(token: unknown): string {
  expect(token).toMatch(/^pscm_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
  tokens.push(token as string);
  return token as string;
}

beforeAll(async () => {
  dataDir = await tempDataDir('metrics-token');
  server = await startConsole(dataDir, { CONSOLE_ROOT_PASSWORD: ROOT_PASSWORD });
  const document = await (await fetch(`${server.url}/manage/v1/openapi.json`, { headers: { authorization: basic(ROOT_PASSWORD) } })).json();
  call = manageClient(server.url, document, ROOT_PASSWORD);
  cookie = await signIn(server, ROOT_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the metrics token in a running console', () => {
  it('before one exists: status null, rotate and revoke 404, any bearer token 401 on /metrics', async () => {
    expect((await call('GET', '/metrics/token')).json).toEqual({ id: null, created_at: null });
    expect((await call('PUT', '/metrics/token')).json.errors).toEqual([expect.objectContaining({ code: 'metricsTokenMissing' })]);
    expect((await call('DELETE', '/metrics/token', { headers: { 'accept-language': 'fr' } })).json.message).toBe(fr.MetricsToken.errors.metricsTokenMissing);
    const refused = await scrape(WELL_FORMED_STRANGER);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBeNull();
    expect(await refused.json()).toMatchObject({ errors: [{ code: 'metricsTokenRefused', message: en.MetricsToken.errors.metricsTokenRefused }] });
  });

  it('created through the Manage API: Prometheus scrapes with it, GET and HEAD only; a wrong token and a second create are refused', async () => {
    const created = await call('POST', '/metrics/token');
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const token = remember(created.json.token);
    expect((await call('POST', '/metrics/token')).status).toBe(409);
    expect((await call('GET', '/metrics/token')).json).toEqual({ id: created.json.id, created_at: created.json.created_at });

    const scraped = await scrape(token);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toContain('text/plain');
    const families = parsePrometheusText(await scraped.text());
    expect(families.has('console_storage_up')).toBe(true);
    expect((await scrape(token, 'HEAD')).status).toBe(200);
    const posted = await scrape(token, 'POST');
    expect(posted.status).toBe(405);
    expect(posted.headers.get('allow')).toBe('GET, HEAD');
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect((await scrape(`${token.slice(0, -1)}${last}`)).status).toBe(401);
    expect((await scrape(WELL_FORMED_STRANGER)).status).toBe(401);
    // The root password keeps working for scrape configs written before the token (README recommends the token).
    expect((await send('/metrics', { headers: { authorization: basic(ROOT_PASSWORD) } })).status).toBe(200);
  });

  it('opens nothing but /metrics: not the Manage API, not the console API, not a page', async () => {
    const token = tokens.at(-1) ?? '';
    for (const route of ['/config/settings', '/config/storage/health', '/config/apply', '/metrics/token', '/openapi.json']) {
      const reply = await send(`/manage/v1${route}`, { headers: bearer(token) });
      expect(reply.status, route).toBe(401);
    }
    // Nor as the password of basic auth (a wrong password: counts once towards the lockout, far from its 10).
    expect((await send('/manage/v1/config/settings', { headers: { authorization: basic(token) } })).status).toBe(401);
    for (const method of ['POST', 'PUT', 'DELETE']) expect((await send('/manage/v1/metrics/token', { method, headers: bearer(token) })).status).toBe(401);
    expect((await send('/api/settings/packages', { headers: bearer(token) })).status).toBe(401);
    expect((await send('/api/metrics-token', { method: 'DELETE', headers: bearer(token) })).status).toBe(401);
    for (const route of builtRoutes().filter((each) => each.kind === 'page' && each.pattern.startsWith('/[locale]/settings'))) {
      for (const url of concretePaths(route.pattern)) {
        const page = await send(url, { headers: bearer(token) });
        expect(page.status, url).toBe(307);
        expect(page.headers.get('location'), url).toMatch(/\/login(\?|$)/);
      }
    }
    // Still in force after all that.
    expect((await scrape(token)).status).toBe(200);
  });

  it('rotated by the CLI: the old token gets 401, the new one scrapes; the console shows the new id, never a token', async () => {
    const [old] = tokens.slice(-1);
    const rotated = await runCli(['metrics', 'token', 'rotate', '--json'], { env: { CONSOLE_DATA_DIR: dataDir } });
    expect(rotated.code, rotated.stderr).toBe(0);
    const body = JSON.parse(rotated.stdout) as { token: string; id: string };
    const token = remember(body.token);
    expect((await scrape(old ?? '')).status).toBe(401);
    expect((await scrape(token)).status).toBe(200);
    const page = await send('/fr/settings/health', { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(fr.MetricsToken.title);
    expect(html).toContain(body.id);
  });

  it('rotated and revoked from the console: refused at once; status and the CLI say there is none (exit 4)', async () => {
    const rotated = await fetch(`${server.url}/api/metrics-token`, { method: 'PUT', headers: { cookie }, signal: AbortSignal.timeout(10_000) });
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    const token = remember(((await rotated.json()) as { token: string }).token);
    expect((await scrape(tokens.at(-2) ?? '')).status).toBe(401);
    expect((await scrape(token)).status).toBe(200);
    const revoked = await send('/api/metrics-token', { method: 'DELETE', headers: { cookie } });
    expect(revoked.status).toBe(200);
    expect((await scrape(token)).status).toBe(401);
    expect((await send('/api/metrics-token', { method: 'DELETE', headers: { cookie } })).status).toBe(404);
    expect((await call('GET', '/metrics/token')).json).toEqual({ id: null, created_at: null });
    const status = await runCli(['metrics', 'token', 'status', '--json'], { env: { CONSOLE_DATA_DIR: dataDir } });
    expect(status.code).toBe(4);
    expect(JSON.parse(status.stdout)).toEqual({ id: null, created_at: null });
    // A revoked token is not revived by the root password's route either.
    expect((await send('/metrics', { headers: { authorization: basic(token) } })).status).toBe(401);
  });

  it('every change is in the audit log, by id and actor', async () => {
    const events = await readAuditEvents(dataDir);
    expect(events.map(({ event, actor }) => `${event} ${actor}`)).toEqual([
      'metrics-token.created api',
      'metrics-token.rotated cli',
      'metrics-token.rotated console',
      'metrics-token.revoked console',
    ]);
    expect(events[1]?.replaced).toBe(events[0]?.id);
  });

  it('no token handed out appears in any later answer, the server output or any file of the data directory', async () => {
    expect(tokens).toHaveLength(3);
    const files = (await readdir(dataDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    const texts = [
      ...seen,
      { what: 'server output', text: server.output() },
      ...(await Promise.all(files.map(async (entry) => ({ what: entry.name, text: await readFile(path.join(entry.parentPath, entry.name), 'latin1') })))),
    ];
    expect(seen.length).toBeGreaterThan(30);
    for (const token of tokens) {
      const secret = token.slice('pscm_00000000_'.length);
      for (const { what, text } of texts) expect(text.includes(secret), `${what} holds a token`).toBe(false);
    }
  });
});
