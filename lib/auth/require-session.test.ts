import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleEnv } from '@/lib/env';
import fr from '@/messages/fr.json';
import { createRootPassword } from './password-store';
import { requireSession } from './require-session';
import { newSession, readSessionCookie, sealSession, SESSION_COOKIE } from './session';
import { tempConsoleEnv } from '@/lib/testing/console-env';

let env: ConsoleEnv;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ env, cleanup } = await tempConsoleEnv());
  await createRootPassword('root password for tests', env);
});
afterEach(() => cleanup());

const put = (headers: Record<string, string>) =>
  new Request('http://127.0.0.1:3000/api/settings/packages', {
    method: 'PUT',
    headers: { host: '127.0.0.1:3000', 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ enabled: false, version: 0 }),
  });

describe('requireSession', () => {
  it('lets a valid session through and leaves the body readable for the handler', async () => {
    const cookie = `other=1; ${SESSION_COOKIE}=${await sealSession(newSession(1), env)}`;
    const request = put({ cookie });
    expect(readSessionCookie(request)).toMatch(/^Fe26\.2\*/);
    expect(await requireSession(request, env)).toMatchObject({ ok: true });
    expect(await request.json()).toEqual({ enabled: false, version: 0 });
  });

  it('judges the first of two session cookies, as proxy.ts and the pages do', async () => {
    const seal = await sealSession(newSession(1), env);
    expect(readSessionCookie(put({ cookie: `${SESSION_COOKIE}=${seal}; ${SESSION_COOKIE}=junk` }))).toBe(seal);
    expect(await requireSession(put({ cookie: `${SESSION_COOKIE}=${seal}; ${SESSION_COOKIE}=junk` }), env)).toMatchObject({ ok: true });
    expect(await requireSession(put({ cookie: `${SESSION_COOKIE}=junk; ${SESSION_COOKIE}=${seal}` }), env)).toMatchObject({ ok: false });
  });

  it('answers 401 { message, errors: [] } in the caller language without a session', async () => {
    const guard = await requireSession(put({ 'accept-language': 'fr-CA,fr;q=0.9' }), env);
    expect(guard.ok).toBe(false);
    if (guard.ok) return;
    expect(guard.response.status).toBe(401);
    expect(await guard.response.json()).toEqual({ message: fr.AuthErrors.unauthenticated, errors: [] });
  });

  it('refuses a cross-site write before looking at the session', async () => {
    const cookie = `${SESSION_COOKIE}=${await sealSession(newSession(1), env)}`;
    const guard = await requireSession(put({ cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }), env);
    expect(guard.ok).toBe(false);
    if (!guard.ok) expect(guard.response.status).toBe(403);
  });
});
