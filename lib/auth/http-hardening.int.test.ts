import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startConsole, tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { rawRequest } from '@/lib/testing/raw-http';
import fr from '@/messages/fr.json';

// Cross-site refusal and security headers against the production build.

const PASSWORD = 'hardening test password';
const PROXY = '127.0.0.3';
let server: ConsoleServer;
let cookie: string;

beforeAll(async () => {
  // 127.0.0.3 plays a TLS-terminating reverse proxy in front of the console.
  server = await startConsole(await tempDataDir('hardening'), { CONSOLE_ROOT_PASSWORD: PASSWORD, CONSOLE_TRUSTED_PROXIES: PROXY, CONSOLE_ALLOWED_HOSTS: 'console.example.test' });
  cookie = await signIn(server, PASSWORD);
});
afterAll(async () => {
  await server?.stop();
});

const call = (url: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  fetch(`${server.url}${url}`, { redirect: 'manual', signal: AbortSignal.timeout(15_000), ...init });

const settingsFile = () => fs.readFile(path.join(server.dataDir, 'settings.json'), 'utf8').catch(() => 'absent');

describe('cross-site requests', () => {
  const writes = [
    { method: 'PUT', url: '/api/settings/packages', body: { enabled: false, version: 0 } },
    { method: 'POST', url: '/api/settings/packages/check', body: {} },
    { method: 'POST', url: '/api/auth/login', body: { password: PASSWORD } },
    { method: 'POST', url: '/api/auth/setup', body: {} },
    { method: 'POST', url: '/api/auth/logout', body: {} },
    { method: 'POST', url: '/fr/settings/packages', body: {} }, // a would-be server action on a page
  ];
  const crossSite: Record<string, string>[] = [
    { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    { origin: 'https://evil.example' },
    { 'sec-fetch-site': 'cross-site' },
    { 'sec-fetch-site': 'same-site', origin: 'http://other.127.0.0.1.nip.io' },
    { origin: 'null' },
  ];

  it('refuses every state-changing request a browser marks as cross-site, with a localized 403, and changes nothing', async () => {
    const before = await settingsFile();
    for (const { method, url, body } of writes) {
      for (const headers of crossSite) {
        const response = await call(url, { method, headers: { cookie, 'content-type': 'application/json', 'accept-language': 'fr', ...headers }, body: JSON.stringify(body) });
        expect(response.status, `${method} ${url} ${JSON.stringify(headers)}`).toBe(403);
        expect(await response.json()).toEqual({ message: fr.AuthErrors.crossSite, errors: [{ field: null, code: 'crossSite', message: fr.AuthErrors.crossSite }] });
      }
    }
    expect(await settingsFile()).toBe(before);
    // The session survived: the cross-site logout did not sign anyone out.
    expect((await call('/api/settings/packages', { headers: { cookie } })).status).toBe(200);
  });

  it('accepts the same requests from the console itself', async () => {
    const origin = server.url;
    const response = await call('/api/settings/packages', {
      method: 'PUT',
      headers: { cookie, origin, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false, version: 0 }),
    });
    // Save settings starts a configuration run (202 with it): the request got past the cross-site check.
    expect(response.status).toBe(202);
    expect(((await response.json()) as { run: { source: string } }).run.source).toBe('console');
  });
});

describe('security headers', () => {
  async function scriptsOf(url: string) {
    const response = await call(url, { headers: { cookie } });
    const csp = response.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    const html = await response.text();
    return { response, csp, nonce, tags: html.match(/<script\b[^>]*>/g) ?? [] };
  }

  it('are on every kind of response, without X-Powered-By', async () => {
    const page = await call('/en/settings/packages', { headers: { cookie } });
    const html = await page.clone().text();
    const asset = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    const responses = {
      page,
      login: await call('/zh/login'),
      redirect: await call('/en/settings/packages'),
      api: await call('/api/settings/packages', { headers: { cookie } }),
      unauthenticated: await call('/api/settings/packages'),
      notFound: await call('/fr/no/such/page', { headers: { cookie } }),
      asset: await call(asset ?? ''),
      methodNotAllowed: await call('/api/auth/login', { method: 'GET' }),
    };
    for (const [name, response] of Object.entries(responses)) {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, name).toContain("frame-ancestors 'none'");
      expect(csp, name).not.toMatch(/unsafe-eval|unsafe-inline/);
      expect(response.headers.get('x-content-type-options'), name).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), name).toBe('same-origin');
      expect(response.headers.get('x-frame-options'), name).toBe('DENY');
      expect(response.headers.get('x-powered-by'), name).toBeNull();
      expect(response.headers.get('strict-transport-security'), name).toBeNull(); // plain HTTP here
    }
  });

  it('give pages a fresh nonce that every script tag carries', async () => {
    const first = await scriptsOf('/en/settings/packages');
    const second = await scriptsOf('/en/login');
    expect(first.nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(second.nonce).not.toBe(first.nonce);
    for (const { nonce, tags } of [first, second]) {
      expect(tags.length).toBeGreaterThan(3);
      for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
    }
    expect(first.csp).toContain(`script-src 'self' 'nonce-${first.nonce}' 'strict-dynamic'`);
  });

  it('mark the session cookie Secure and add HSTS behind a trusted TLS-terminating proxy, and only there', async () => {
    const login = (from: string) =>
      rawRequest(server.url, {
        method: 'POST',
        path: '/api/auth/login',
        from,
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'console.example.test' },
        body: JSON.stringify({ password: PASSWORD }),
      });
    const proxied = await login(PROXY);
    expect(proxied.status).toBe(200);
    const setCookie = (proxied.headers['set-cookie'] ?? []).find((line) => line.startsWith('console_session=')) ?? '';
    const attributes = setCookie.split(';').slice(1).map((part) => part.trim().toLowerCase());
    expect(attributes.sort()).toEqual(['httponly', 'path=/', 'samesite=strict', 'secure']);
    expect(proxied.headers['strict-transport-security']).toBe('max-age=31536000');
    // The same headers from any other client are its own words: ignored.
    const direct = await login('127.0.0.1');
    expect(direct.status).toBe(200);
    expect((direct.headers['set-cookie'] ?? []).join('\n')).not.toMatch(/Secure/i);
    expect(direct.headers['strict-transport-security']).toBeUndefined();
  });

  it('believe X-Forwarded-Host in the cross-site check only from the trusted proxy', async () => {
    const logout = (from: string, site: string) =>
      rawRequest(server.url, { method: 'POST', path: '/api/auth/logout', from, headers: { origin: `https://${site}`, 'x-forwarded-host': site, 'x-forwarded-proto': 'https' } });
    expect((await logout('127.0.0.1', 'evil.example')).status).toBe(403);
    expect((await logout('127.0.0.1', 'console.example.test')).status).toBe(403);
    expect((await logout(PROXY, 'console.example.test')).status).toBe(303);
    expect((await logout(PROXY, 'evil.example')).status).toBe(421); // the proxy forwarded a name the console does not answer under
  });

  it('compare the scheme of Origin too, as the socket or the trusted proxy says it', async () => {
    const logout = (from: string, headers: Record<string, string>) => rawRequest(server.url, { method: 'POST', path: '/api/auth/logout', from, headers });
    const port = new URL(server.url).port;
    expect((await logout('127.0.0.1', { origin: `https://127.0.0.1:${port}` })).status).toBe(403);
    expect((await logout('127.0.0.1', { origin: `https://127.0.0.1:${port}`, 'x-forwarded-proto': 'https' })).status).toBe(403);
    expect((await logout('127.0.0.1', { origin: `http://127.0.0.1:${port}` })).status).toBe(303);
    expect((await logout(PROXY, { origin: 'http://console.example.test', 'x-forwarded-host': 'console.example.test', 'x-forwarded-proto': 'https' })).status).toBe(403);
    expect((await logout(PROXY, { origin: 'https://console.example.test', forwarded: 'for=198.51.100.9;host=console.example.test;proto=https' })).status).toBe(303);
  });

  it('take the host the trusted proxy added (the rightmost), not one the client put before it', async () => {
    const logout = (host: string) =>
      rawRequest(server.url, { method: 'POST', path: '/api/auth/logout', from: PROXY, headers: { origin: 'https://console.example.test', 'x-forwarded-host': host, 'x-forwarded-proto': 'https' } });
    expect((await logout('evil.example, console.example.test')).status).toBe(303);
    expect((await logout('console.example.test, evil.example')).status).toBe(421);
  });

  it('read the same one of two session cookies in the proxy and in the route handlers: the first', async () => {
    const junk = 'console_session=Fe26.2**not-a-seal';
    const get = (path: string, cookies: string) => rawRequest(server.url, { path, headers: { cookie: cookies } });
    for (const path of ['/api/settings/packages', '/en/settings/packages']) {
      expect((await get(path, `${cookie}; ${junk}`)).status, path).toBe(200);
      expect((await get(path, `${junk}; ${cookie}`)).status, path).toBe(path.startsWith('/api/') ? 401 : 307);
    }
  });

  it('send the logout redirect as a relative path, whatever port Next.js listens on', async () => {
    const response = await call('/api/auth/logout?locale=zh', { method: 'POST', headers: { cookie: await signIn(server, PASSWORD) } });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/zh/login?reason=signedOut');
    expect(response.headers.getSetCookie().join('\n')).toMatch(/console_session=;.*Max-Age=0/i);
  });
});

describe('links rendered for the requested page', () => {
  const anchors = (html: string) => [...html.matchAll(/<a [^>]*>/g)].map(([tag]) => tag);

  it('point the language links and the sidebar at the page asked for, whatever page path the browser claims', async () => {
    const response = await call('/fr/settings/runs', { headers: { cookie, 'x-console-page-path': '/en/settings/health' } });
    expect(response.status).toBe(200);
    const tags = anchors(await response.text());
    for (const [locale, tag] of [['en', 'en'], ['zh', 'zh-CN'], ['fr', 'fr']]) {
      expect(tags.filter((a) => a.includes(`href="/${locale}/settings/runs"`) && a.includes(`hrefLang="${tag}"`)), locale).toHaveLength(1);
    }
    const current = tags.filter((a) => a.includes('aria-current="page"'));
    expect(current).toHaveLength(1);
    expect(current[0]).toContain('href="/fr/settings/runs"');
    expect(tags.some((a) => a.includes('/settings/health') && a.includes('hrefLang'))).toBe(false);
  });
});

describe('request bodies before sign-in', () => {
  it('buffers at most 128 KB of a chunked 4 MB body in proxy.ts and refuses it with 413', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 64) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    // `duplex` is required for a streamed body but missing from the DOM RequestInit type.
    const init = { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body, duplex: 'half' };
    const response = await call('/api/auth/login', init as RequestInit & { headers: Record<string, string> });
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0].code).toBe('payloadTooLarge');
    // Next.js says so when it stops buffering: proof the cap in next.config.js is in force.
    expect(server.output()).toMatch(/Request body exceeded 128KB for \/api\/auth\/login/);
  });
});
