import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startConsole, tempDataDir, ROOT, type ConsoleServer } from '@/lib/testing/console-server';
import { basic } from '@/lib/testing/manage-client';
import { ROOT_PASSWORD } from '@/lib/testing/run-console';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { ECOSYSTEMS } from '../catalog';
import { credentialsPath } from './store';

// The Services page's credential routes on a real console (`next start`): a session and a same-site
// request needed (the proxy and the handler each refuse without), the add answered 201 with the secret
// once and never cached, refusals localized and tied to the name field (422, 409, 404), revoke by name,
// the Manage API seeing the same credentials, and no secret in the server's output or the data directory.

let server: ConsoleServer;
let dataDir = '';
let cookie = '';
const secrets: string[] = [];
// Generic over the catalog: the first ecosystem whose credentials are users and the first whose are tokens.
const userEcosystem = ECOSYSTEMS.find((spec) => spec.credentialKind === 'user')!.id;
const tokenEcosystem = ECOSYSTEMS.find((spec) => spec.credentialKind === 'token')!.id;

function call(ecosystem: string, method: 'POST' | 'DELETE', body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/services/${ecosystem}/credentials`, {
    method,
    headers: { cookie, 'content-type': 'application/json', origin: server.url, 'sec-fetch-site': 'same-origin', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
}

beforeAll(async () => {
  dataDir = await tempDataDir('credential-routes');
  server = await startConsole(dataDir, { CONSOLE_ROOT_PASSWORD: ROOT_PASSWORD });
  cookie = await signIn(server, ROOT_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('credential routes of the Services page', () => {
  it('need a session: 401 in the caller’s language, nothing written', async () => {
    const response = await call(tokenEcosystem, 'POST', { name: 'no-session' }, { cookie: '', 'accept-language': 'zh-CN' });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: zh.AuthErrors.unauthenticated, errors: [] });
    await expect(readFile(credentialsPath(dataDir))).rejects.toThrow();
  });

  it('refuse a cross-site request with a valid session, at the proxy and in the handler itself', async () => {
    for (const method of ['POST', 'DELETE'] as const) {
      const response = await call(tokenEcosystem, method, { name: 'cross-site' }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'accept-language': 'fr' });
      expect(response.status, method).toBe(403);
      expect((await response.json()).errors).toEqual([{ field: null, code: 'crossSite', message: fr.AuthErrors.crossSite }]);
    }
    const handlers = (await import(/* @vite-ignore */ path.join(ROOT, 'app/api/services/[id]/credentials/route.ts'))) as Record<'POST' | 'DELETE', (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>>;
    const request = new Request('http://127.0.0.1/api/services/x/credentials', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{"name":"x"}' });
    expect((await handlers.POST(request, { params: Promise.resolve({ id: tokenEcosystem }) })).status).toBe(403);
    await expect(readFile(credentialsPath(dataDir))).rejects.toThrow();
  });

  it('refuse bad names with the schema’s localized problem on the name field (422), a non-JSON body (415), an unknown ecosystem (404)', async () => {
    const invalid = await call(tokenEcosystem, 'POST', { name: 'Not Valid' }, { 'accept-language': 'fr' });
    expect(invalid.status).toBe(422);
    const message = fr.ServiceCredentials.errors.nameInvalid.replace('{name}', 'Not Valid');
    expect(await invalid.json()).toEqual({ message, errors: [{ field: 'name', code: 'nameInvalid', message }] });

    const empty = await call(tokenEcosystem, 'POST', { name: '' }, { 'accept-language': 'zh' });
    expect((await empty.json()).errors).toEqual([{ field: 'name', code: 'nameRequired', message: zh.ServiceCredentials.errors.nameRequired }]);
    const reserved = await call(userEcosystem, 'POST', { name: 'packages-console-x' });
    expect(reserved.status).toBe(422);
    expect((await reserved.json()).errors[0]).toMatchObject({ field: 'name', code: 'nameReserved' });
    const extra = await call(tokenEcosystem, 'POST', { name: 'ok', secret: 'mine' });
    expect((await extra.json()).errors[0]).toMatchObject({ field: null, code: 'unknownField', message: en.Validation.unknownField });

    expect((await call(tokenEcosystem, 'POST', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    const unknown = await call('no-such-ecosystem', 'POST', { name: 'ci' }, { 'accept-language': 'fr' });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).errors).toEqual([{ field: null, code: 'unknownEcosystem', message: fr.ServiceCredentials.errors.unknownEcosystem.replace('{ecosystem}', 'no-such-ecosystem') }]);
    await expect(readFile(credentialsPath(dataDir))).rejects.toThrow();
  });

  it('add a token and a user: 201, the secret this once, never cached, its kind, and what the running service did in words', async () => {
    for (const [ecosystem, kind] of [[tokenEcosystem, 'token'], [userEcosystem, 'user']] as const) {
      const response = await call(ecosystem, 'POST', { name: 'ci-bot' }, { 'accept-language': 'fr' });
      expect(response.status).toBe(201);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = (await response.json()) as Record<string, string>;
      expect(body).toMatchObject({ name: 'ci-bot', kind, secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), createdAt: expect.any(String) });
      // No ecosystem is enabled in this console: its service is not running.
      expect(['none', 'noConsole']).toContain(body.inForce);
      expect(body.inForceMessage).toBe(fr.ServiceCredentials.inForce[body.inForce as 'none']);
      secrets.push(body.secret!);
    }
    const listed = await fetch(`${server.url}/manage/v1/packages/services/${tokenEcosystem}/credentials`, { headers: { authorization: basic(ROOT_PASSWORD) } });
    expect(((await listed.json()) as { credentials: { name: string }[] }).credentials.map((credential) => credential.name)).toEqual(['ci-bot']);
  });

  it('refuse a taken name (409, on the field, localized) and keep the first secret', async () => {
    const before = await readFile(credentialsPath(dataDir), 'utf8');
    const taken = await call(tokenEcosystem, 'POST', { name: 'ci-bot' }, { 'accept-language': 'zh' });
    expect(taken.status).toBe(409);
    const message = zh.ServiceCredentials.errors.nameTaken.replace('{ecosystem}', tokenEcosystem).replace('{name}', 'ci-bot');
    expect(await taken.json()).toEqual({ message, errors: [{ field: 'name', code: 'nameTaken', message }] });
    expect(await readFile(credentialsPath(dataDir), 'utf8')).toBe(before);
  });

  it('revoke by name, then 404 for the same name; the other ecosystem keeps its credential', async () => {
    const revoked = await call(tokenEcosystem, 'DELETE', { name: 'ci-bot' }, { 'accept-language': 'fr' });
    expect(revoked.status).toBe(200);
    const body = (await revoked.json()) as Record<string, string>;
    expect(body).toMatchObject({ name: 'ci-bot', inForceMessage: fr.ServiceCredentials.inForce[body.inForce as 'none'] });
    expect(body).not.toHaveProperty('secret');
    const again = await call(tokenEcosystem, 'DELETE', { name: 'ci-bot' });
    expect(again.status).toBe(404);
    expect((await again.json()).errors[0]).toMatchObject({ code: 'notFound', message: en.ServiceCredentials.errors.notFound.replace('{ecosystem}', tokenEcosystem).replace('{name}', 'ci-bot') });
    const file = JSON.parse(await readFile(credentialsPath(dataDir), 'utf8')) as { ecosystems: Record<string, { name: string }[]> };
    expect(file.ecosystems[tokenEcosystem]).toEqual([]);
    expect(file.ecosystems[userEcosystem]?.map((entry) => entry.name)).toEqual(['ci-bot']);
  });

  it('never wrote a secret to the server’s output or in clear to the data directory', async () => {
    expect(secrets).toHaveLength(2);
    const stored = await readFile(credentialsPath(dataDir), 'utf8');
    for (const secret of secrets) {
      expect(server.output()).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
  });
});
