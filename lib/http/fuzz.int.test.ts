import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearLockout, readLockoutStatus } from '@/lib/auth/lockout';
import { readConsoleEnv } from '@/lib/env';
import { writeSettings } from '@/lib/settings/store';
import { badPayloads, type BadPayload } from '@/lib/testing/bad-payloads';
import { signIn, startConsole, tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { FUZZ_ENDPOINTS } from '@/lib/testing/fuzz-endpoints';

// At least 1,000 generated bad bodies per mutating endpoint, to a console on 127.0.0.1: never a 5xx,
// always a JSON refusal (field errors for 422), nothing written, and the console still answers.

const PAYLOADS_PER_ENDPOINT = 1100;
const CONCURRENCY = 8;
const PASSWORD = 'root password for fuzzing';
const LOCALES = ['en', 'zh', 'fr'] as const;
const CJK = /[\u4e00-\u9fff]/;

let server: ConsoleServer;
let cookie: string;
const watched = ['settings.json', 'audit.log', 'root-password.json', 'encryption.key'];
let before: Record<string, string>;

async function snapshot(): Promise<Record<string, string>> {
  const entries = await Promise.all(watched.map(async (name) => [name, await fs.readFile(path.join(server.dataDir, name), 'utf8')] as const));
  return Object.fromEntries(entries);
}

beforeAll(async () => {
  const dataDir = await tempDataDir('fuzz');
  // A stored configuration (with a sealed secret) that every bad request must leave byte for byte alone.
  const env = readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir });
  await writeSettings({ enabled: false, serviceUrl: 'http://127.0.0.1:9', bucket: 'kept-bucket', accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey: 'kept secret key', region: '', pathStyle: 'auto' }, 0, { env });
  server = await startConsole(dataDir, { CONSOLE_ROOT_PASSWORD: PASSWORD });
  cookie = await signIn(server, PASSWORD);
  before = await snapshot();
});
afterAll(async () => {
  await server?.stop();
});

function send(method: string, url: string, payload: BadPayload, locale: string): Promise<Response> {
  const headers: Record<string, string> = { cookie, 'accept-language': locale };
  if (payload.contentType) headers['content-type'] = payload.contentType;
  const bytes = typeof payload.body === 'string' ? Buffer.from(payload.body, 'utf8') : Buffer.from(payload.body);
  const body = payload.chunked
    ? new ReadableStream({ start: (controller) => (controller.enqueue(bytes), controller.close()) })
    : bytes;
  return fetch(`${server.url}${url}`, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(15_000), ...(payload.chunked ? { duplex: 'half' } : {}) } as RequestInit);
}

async function stillAnswers(): Promise<void> {
  expect((await fetch(`${server.url}/en/login`, { signal: AbortSignal.timeout(5000) })).status).toBe(200);
}

describe.each(FUZZ_ENDPOINTS)('$method $path', (endpoint) => {
  it(`refuses ${PAYLOADS_PER_ENDPOINT} bad bodies cleanly`, async () => {
    const payloads = badPayloads(endpoint.base, endpoint.fields, PAYLOADS_PER_ENDPOINT, endpoint.path.length);
    const problems: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < payloads.length) {
        const index = next++;
        const payload = payloads[index] as BadPayload;
        const locale = LOCALES[index % LOCALES.length] as string;
        const response = await send(endpoint.method, endpoint.path, payload, locale);
        const where = `#${index} ${payload.label} → ${response.status}`;
        if (!endpoint.allowedStatuses.includes(response.status)) problems.push(where);
        if (response.status === 303) continue;
        const body = (await response.json().catch(() => null)) as { message?: unknown; errors?: { code?: unknown }[] } | null;
        if (typeof body?.message !== 'string' || !Array.isArray(body.errors)) problems.push(`${where}: not { message, errors }`);
        else if (CJK.test(body.message) !== (locale === 'zh')) problems.push(`${where}: message not in ${locale}`);
        else if (response.status === 422 && (body.errors.length === 0 || body.errors.some((error) => typeof error.code !== 'string'))) problems.push(`${where}: no field errors`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(problems.slice(0, 20)).toEqual([]);
    expect(await snapshot()).toEqual(before);
    await stillAnswers();
  });
});

it('leaves the console usable with the same settings afterwards', async () => {
  // Wrong passwords among the login bodies locked sign-in, as they should; the logout bodies ended the session.
  expect(await readLockoutStatus('127.0.0.1', readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: server.dataDir }))).toMatchObject({ locked: true });
  await clearLockout(readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: server.dataDir }));
  const fresh = await signIn(server, PASSWORD);
  const response = await fetch(`${server.url}/api/settings/packages`, { headers: { cookie: fresh }, signal: AbortSignal.timeout(5000) });
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ version: 1, packages: { bucket: 'kept-bucket', secretKeySet: true } });
  expect(server.output()).not.toMatch(/⨯|Error:|TypeError|RangeError/);
});
