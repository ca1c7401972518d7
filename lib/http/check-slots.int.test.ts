import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startConsole, tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { startFaultServer, type FaultServer } from '@/lib/testing/fault-server';
import { basic, manageClient } from '@/lib/testing/manage-client';
import { packagesSubmission } from '@/lib/testing/packages-submission';
import { ROOT_PASSWORD } from '@/lib/testing/run-console';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { CHECKS_IN_TOTAL, CHECKS_PER_CLIENT } from './check-slots';

// The console's cap on storage checks over all callers, through a real console: four sessions holding
// their two checks each against an endpoint that never answers fill the eight slots, and the next check,
// from a session or the Manage API with none of its own running, is refused as busy everywhere.

// Long enough that the eight checks still hang while the ninth and tenth arrive, even on a busy machine.
const CHECK_TIMEOUT_MS = 5000;
const RETRY_AFTER = String(CHECK_TIMEOUT_MS / 1000 + 1);
const SECRET = 'slots-secret-key-0000000000000000000000000';
const SESSIONS = CHECKS_IN_TOTAL / CHECKS_PER_CLIENT;

let server: ConsoleServer;
let silent: FaultServer;
let closed: FaultServer;
let call: ReturnType<typeof manageClient>;

beforeAll(async () => {
  silent = await startFaultServer('silent');
  closed = await startFaultServer('closed');
  server = await startConsole(await tempDataDir('check-slots'), { CONSOLE_ROOT_PASSWORD: ROOT_PASSWORD, CONSOLE_CHECK_TIMEOUT_MS: String(CHECK_TIMEOUT_MS) });
  const document = await (await fetch(`${server.url}/manage/v1/openapi.json`, { headers: { authorization: basic(ROOT_PASSWORD) } })).json();
  call = manageClient(server.url, document, ROOT_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
  await silent?.close();
  await closed?.close();
  if (server) await rm(server.dataDir, { recursive: true, force: true });
});

const target = (serviceUrl: string) => ({ serviceUrl, bucket: 'packages', accessKey: 'AKIASLOTS00000000001', secretKey: SECRET, region: '', pathStyle: 'auto' as const });
const managePackages = (serviceUrl: string) => ({ packages: { service_url: serviceUrl, s3_bucket: 'packages', aws_access_key: 'AKIASLOTS00000000001', aws_secret_key: SECRET } });

function consoleCheck(cookie: string, serviceUrl: string, language = 'en'): Promise<Response> {
  return fetch(`${server.url}/api/settings/packages/check`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', 'accept-language': language },
    body: JSON.stringify(packagesSubmission(target(serviceUrl), 0)),
    signal: AbortSignal.timeout(30_000),
  });
}

/** Waits until the silent endpoint has accepted `count` connections: each is a check holding its slot. */
async function connectionsReach(count: number): Promise<void> {
  const until = performance.now() + CHECK_TIMEOUT_MS - 1000;
  while (silent.connections() < count) {
    if (performance.now() > until) throw new Error(`only ${silent.connections()} of ${count} checks reached the endpoint in time`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

type ErrorBody = { message: string; errors: { field: string | null; code: string; message: string }[] };

describe('the cap on storage checks over all sessions and the Manage API', () => {
  it(`refuses a ${CHECKS_IN_TOTAL + 1}th check in flight with 429 checksBusyEverywhere in the caller’s language, then accepts one again`, async () => {
    const sessions = await Promise.all(Array.from({ length: SESSIONS + 1 }, () => signIn(server, ROOT_PASSWORD)));
    const idle = sessions.pop()!;
    const hanging = sessions.flatMap((cookie) => Array.from({ length: CHECKS_PER_CLIENT }, () => consoleCheck(cookie, silent.url)));
    expect(hanging).toHaveLength(CHECKS_IN_TOTAL);
    await connectionsReach(CHECKS_IN_TOTAL);

    // A session with no check of its own running is refused all the same, and told why in French.
    const refused = await consoleCheck(idle, closed.url, 'fr');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(RETRY_AFTER);
    const expectedFr = fr.Validation.checksBusyEverywhere.replace('{max}', String(CHECKS_IN_TOTAL)).replace('{seconds}', RETRY_AFTER);
    expect((await refused.json()) as ErrorBody).toEqual({ message: expectedFr, errors: [{ field: null, code: 'checksBusyEverywhere', message: expectedFr }] });
    expect(expectedFr).toContain('toutes sessions et API de gestion confondues');

    // So is the Manage API (one client of its own, none running), in Chinese.
    const manageRefused = await call('POST', '/config/storage/check', { body: managePackages(closed.url), headers: { 'accept-language': 'zh' } });
    expect(manageRefused.status).toBe(429);
    expect(manageRefused.headers.get('retry-after')).toBe(RETRY_AFTER);
    const expectedZh = zh.Validation.checksBusyEverywhere.replace('{max}', String(CHECKS_IN_TOTAL)).replace('{seconds}', RETRY_AFTER);
    expect(manageRefused.json.errors).toEqual([{ field: null, code: 'checksBusyEverywhere', message: expectedZh }]);
    expect(expectedZh).not.toBe(en.Validation.checksBusyEverywhere);
    expect(closed.connections()).toBe(0);

    // The eight ran to their deadline: every one held a slot, none was refused.
    const finished = await Promise.all(hanging);
    expect(finished.map((response) => response.status)).toEqual(Array(CHECKS_IN_TOTAL).fill(200));
    for (const response of finished) {
      const body = (await response.json()) as { check: { errors: { code: string }[] } };
      expect(body.check.errors.map((error) => error.code)).toContain('endpointTimeout');
    }

    // With the slots free again, the same session's and the Manage API's checks run.
    const again = await consoleCheck(idle, closed.url, 'fr');
    expect(again.status).toBe(200);
    expect(((await again.json()) as { check: { errors: { code: string }[] } }).check.errors.map((error) => error.code)).toEqual(['endpointClosed']);
    const manageAgain = await call('POST', '/config/storage/check', { body: managePackages(closed.url) });
    expect(manageAgain.status).toBe(200);
    expect(manageAgain.json.errors).toEqual([expect.objectContaining({ code: 'endpointClosed' })]);
    expect(closed.connections()).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
