import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startConsole, tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { startFaultServer, type FaultServer } from '@/lib/testing/fault-server';
import { ROOT_PASSWORD } from '@/lib/testing/run-console';
import { basic, manageClient } from '@/lib/testing/manage-client';

// Storage checks pointed at endpoints that misbehave, through a real console: the Manage API and the
// console's Test storage settings report a closed connection as such, refuse link-local addresses,
// and hold at most two checks in flight per session (the Manage API is one client).

const CHECK_TIMEOUT_MS = 2000;
const SECRET = 'limits-secret-key-000000000000000000000000';

let server: ConsoleServer;
let silent: FaultServer;
let closed: FaultServer;
let call: ReturnType<typeof manageClient>;

beforeAll(async () => {
  silent = await startFaultServer('silent');
  closed = await startFaultServer('closed');
  server = await startConsole(await tempDataDir('check-limits'), { CONSOLE_ROOT_PASSWORD: ROOT_PASSWORD, CONSOLE_CHECK_TIMEOUT_MS: String(CHECK_TIMEOUT_MS) });
  const document = await (await fetch(`${server.url}/manage/v1/openapi.json`, { headers: { authorization: basic(ROOT_PASSWORD) } })).json();
  call = manageClient(server.url, document, ROOT_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
  await silent?.close();
  await closed?.close();
  if (server) await rm(server.dataDir, { recursive: true, force: true });
});

const managePackages = (serviceUrl: string) => ({ packages: { service_url: serviceUrl, s3_bucket: 'packages', aws_access_key: 'AKIALIMITS0000000001', aws_secret_key: SECRET } });

function consoleCheck(cookie: string, serviceUrl: string, language = 'en'): Promise<Response> {
  return fetch(`${server.url}/api/settings/packages/check`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', 'accept-language': language },
    body: JSON.stringify({ serviceUrl, bucket: 'packages', accessKey: 'AKIALIMITS0000000001', secretKey: SECRET, region: '', pathStyle: 'auto', version: 0 }),
    signal: AbortSignal.timeout(20_000),
  });
}

describe('storage checks against misbehaving endpoints, through the console', () => {
  it('the Manage API names a closed connection at once, not as a timeout', async () => {
    const started = performance.now();
    const reply = await call('POST', '/config/storage/check', { body: managePackages(closed.url) });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(reply.status).toBe(200);
    expect(reply.json.errors).toEqual([{ field: 'service_url', code: 'endpointClosed', message: expect.stringContaining(`${closed.host} closed the connection without answering`) }]);
  });

  it('link-local and metadata addresses are field errors in the Manage API and the console, in the caller’s language', async () => {
    const reply = await call('POST', '/config/storage/check', { body: managePackages('https://169.254.169.254'), headers: { 'accept-language': 'zh' } });
    expect(reply.status).toBe(422);
    expect(reply.json.errors).toEqual([{ field: 'service_url', code: 'serviceUrlLinkLocal', message: expect.stringContaining('169.254.169.254') }]);
    expect(JSON.stringify(reply.json.errors)).toMatch(/链路本地/);
    const cookie = await signIn(server, ROOT_PASSWORD);
    const response = await consoleCheck(cookie, 'https://[fd00:ec2::254]', 'fr');
    expect(response.status).toBe(422);
    const body = (await response.json()) as { errors: { field: string; code: string; message: string }[] };
    expect(body.errors).toEqual([{ field: 'serviceUrl', code: 'serviceUrlLinkLocal', message: expect.stringContaining('métadonnées') }]);
  });

  it('the Manage API runs at most two checks at once: the third gets 429 with Retry-After, then it runs again', async () => {
    const replies = await Promise.all([0, 1, 2].map(() => call('POST', '/config/storage/check', { body: managePackages(silent.url), headers: { 'accept-language': 'fr' } })));
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 200, 429]);
    const refused = replies.find((reply) => reply.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBe(CHECK_TIMEOUT_MS / 1000 + 1);
    expect(refused.json.errors).toEqual([{ field: null, code: 'checksBusy', message: expect.stringContaining('vérifications du stockage') }]);
    for (const reply of replies.filter((item) => item.status === 200)) expect(reply.json).toMatchObject({ ok: false, errors: [{ code: 'endpointTimeout' }] });
    expect((await call('POST', '/config/storage/check', { body: managePackages(closed.url) })).status).toBe(200);
  });

  it('the console runs at most two checks per session, without holding up another session', async () => {
    const first = await signIn(server, ROOT_PASSWORD);
    const second = await signIn(server, ROOT_PASSWORD);
    const busy = [0, 1, 2].map(() => consoleCheck(first, silent.url));
    // Once the first session's three requests are in, the second session's check still runs.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const other = await consoleCheck(second, closed.url);
    expect(other.status).toBe(200);
    expect(((await other.json()) as { check: { errors: { code: string }[] } }).check.errors.map((error) => error.code)).toEqual(['endpointClosed']);
    const responses = await Promise.all(busy);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 429]);
    const refused = responses.find((response) => response.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe(String(CHECK_TIMEOUT_MS / 1000 + 1));
    expect(((await refused.json()) as { errors: { code: string }[] }).errors.map((error) => error.code)).toEqual(['checksBusy']);
  });
});
