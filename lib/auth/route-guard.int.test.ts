import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_ICONS } from '@/lib/http/public-icons';
import { builtRoutes, concretePaths, routesManifestPatterns, serverActionCount } from '@/lib/testing/build-routes';
import { ROOT, signIn, startConsole, tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import en from '@/messages/en.json';
import zh from '@/messages/zh.json';

// Every route the build produced, visited without a session: pages send the visitor to the localized
// login page, handlers answer 401 JSON. The list comes from the build, so a new route is covered
// (and fails here if it is open) without anyone adding it to this file.

const PASSWORD = 'route guard test password';
// The only ways in without a session, on purpose. /status is the load balancer's health check.
const STATUS_ROUTE = '/status';
const PUBLIC_PAGES = new Set(['/[locale]/login', '/[locale]/setup']);
const PUBLIC_ROUTES = new Set(['/api/auth/login', '/api/auth/setup', '/api/auth/logout', STATUS_ROUTE]);
// Pages that render nothing but a 404 (or are Next.js' own): they need no guard of their own.
const NO_CONTENT_PAGES = new Set(['/[locale]/[...rest]', '/_not-found', '/_global-error']);
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

let server: ConsoleServer;
let cookie: string;
const routes = builtRoutes();

beforeAll(async () => {
  server = await startConsole(await tempDataDir('routes'), { CONSOLE_ROOT_PASSWORD: PASSWORD });
  cookie = await signIn(server, PASSWORD);
});
afterAll(async () => {
  await server?.stop();
});

const get = (url: string, headers: Record<string, string> = {}, method = 'GET') =>
  fetch(`${server.url}${url}`, { method, headers, redirect: 'manual', signal: AbortSignal.timeout(15_000) });

/** The Manage API and the Prometheus metrics take basic auth `api_key:<root password>` (/metrics also its bearer token), never the session cookie. */
const usesBasicAuth = (pattern: string) => pattern.startsWith('/manage/') || pattern === '/metrics';

describe('the build', () => {
  it('has the routes this test knows to be public, all routes in both manifests, and no server actions', () => {
    const patterns = routes.map((route) => route.pattern);
    expect(patterns).toEqual(expect.arrayContaining([...PUBLIC_PAGES, ...PUBLIC_ROUTES, '/[locale]/settings/packages', '/api/settings/packages']));
    expect(new Set(routesManifestPatterns())).toEqual(new Set(patterns));
    // A server action is a POST endpoint the proxy can't see by path: add requireSession to it and a case here.
    expect(serverActionCount(), 'server actions need their own session check').toBe(0);
  });
});

describe('without a session', () => {
  it('every page outside login/setup redirects to the localized login page, RSC requests too', async () => {
    const pages = routes.filter((route) => route.kind === 'page' && !PUBLIC_PAGES.has(route.pattern));
    expect(pages.length).toBeGreaterThanOrEqual(4);
    for (const route of pages) {
      for (const url of concretePaths(route.pattern)) {
        const locale = /^\/(en|zh|fr)(\/|$)/.exec(url)?.[1] ?? 'en';
        const variants: Record<string, string>[] = [{}, { rsc: '1' }, { 'next-router-prefetch': '1', rsc: '1' }];
        for (const headers of variants) {
          // Paths without a locale are first sent to their localized form, which then needs a session.
          let response = await get(url, headers);
          for (let hop = 0; hop < 2 && !/\/login(\?|$)/.test(response.headers.get('location') ?? '') && response.status === 307; hop += 1) {
            response = await get(response.headers.get('location') ?? '', headers);
          }
          expect(response.status, `${url} ${JSON.stringify(headers)}`).toBe(307);
          expect(response.headers.get('location'), url).toMatch(new RegExp(`^/${locale}/login(\\?|$)`));
          expect(await response.text(), url).not.toMatch(/<html|self\.__next_f|secretKeySet|:HL\[/); // no page, no RSC payload
        }
      }
    }
  });

  it('the login and setup pages are public', async () => {
    for (const route of routes.filter((r) => PUBLIC_PAGES.has(r.pattern))) {
      for (const url of concretePaths(route.pattern)) expect((await get(url)).status, url).toBe(200);
    }
  });

  it('the health check answers GET and HEAD with a bare static page, and nothing else without a session', async () => {
    const response = await get(STATUS_ROUTE);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toMatch(/^<!doctype html>.*<p>OK<\/p>/);
    expect((await get(STATUS_ROUTE, {}, 'HEAD')).status).toBe(200);
    for (const method of ['POST', 'PUT', 'DELETE'] as const) expect((await get(STATUS_ROUTE, {}, method)).status, method).not.toBe(200);
  });

  it('the icons in public/ are served, cached for a year; nothing near them, and no other method', async () => {
    expect(readdirSync(path.join(ROOT, 'public')).map((file) => `/${file}`).sort()).toEqual([...PUBLIC_ICONS].sort());
    for (const url of PUBLIC_ICONS) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toMatch(url.endsWith('.ico') ? /^image\/(x-icon|vnd\.microsoft\.icon)/ : /^image\/png/);
      expect(response.headers.get('cache-control'), url).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(path.join(ROOT, 'public', url))), url).toBe(true);
      expect((await get(url, {}, 'HEAD')).status, `HEAD ${url}`).toBe(200);
      for (const method of ['POST', 'PUT', 'DELETE'] as const) expect((await get(url, {}, method)).status, `${method} ${url}`).not.toBe(200);
    }
    for (const url of ['/favicon.ico/x', '/favicon.icox', '/favicon.ico.bak', '/apple-touch-icon-precomposed.png', '/en/favicon.ico', '/FAVICON.ICO', '/public/favicon.ico']) {
      const response = await get(url);
      expect([307, 308], url).toContain(response.status);
      expect(response.headers.get('location'), url).toMatch(/\/login(\?|$)|^\/(en|zh|fr)\//);
    }
  });

  it('every route handler answers every method with 401 { message, errors: [] } in the caller language', async () => {
    const handlers = routes.filter((route) => route.kind === 'route' && !PUBLIC_ROUTES.has(route.pattern));
    expect(handlers.length).toBeGreaterThanOrEqual(2);
    for (const route of handlers) {
      for (const url of concretePaths(route.pattern)) {
        for (const method of METHODS) {
          const response = await get(url, { 'accept-language': 'zh-CN,zh;q=0.9' }, method);
          expect(response.status, `${method} ${url}`).toBe(401);
          // The Manage API (basic auth) shapes its own 401 body.
          if (method !== 'HEAD' && !usesBasicAuth(route.pattern)) {
            expect(await response.json(), `${method} ${url}`).toEqual({ message: zh.AuthErrors.unauthenticated, errors: [] });
          }
        }
      }
    }
  });

  it('unknown paths are not a way around the gate', async () => {
    for (const url of ['/api/nope', '/api', '/en/settings', '/en/settings/packages/', '/EN/settings/packages', '/en/%2e%2e/api/settings/packages', '/_next/data/x.json']) {
      const response = await get(url);
      expect([307, 308, 401, 404], url).toContain(response.status);
      if (response.status === 404) expect(await response.text(), url).not.toContain('secretKeySet');
    }
  });
});

describe('with a session', () => {
  it('the same pages and handlers answer (so the paths above were real routes)', async () => {
    // The Manage API takes no cookies: its credentials are basic auth `api_key:<root password>`.
    const manageAuth = `Basic ${Buffer.from(`api_key:${PASSWORD}`).toString('base64')}`;
    for (const route of routes.filter((r) => !PUBLIC_PAGES.has(r.pattern) && !PUBLIC_ROUTES.has(r.pattern))) {
      for (const url of concretePaths(route.pattern)) {
        const response = await get(url, usesBasicAuth(route.pattern) ? { authorization: manageAuth } : { cookie });
        expect(response.status === 401 || (response.headers.get('location') ?? '').includes('/login'), url).toBe(false);
      }
    }
  });
});

describe('the handlers themselves (second lock, without the proxy)', () => {
  it('every protected route module refuses a request without a session', async () => {
    for (const route of routes.filter((r) => r.kind === 'route' && !PUBLIC_ROUTES.has(r.pattern))) {
      const handlers = (await import(/* @vite-ignore */ path.join(ROOT, route.source))) as Record<string, unknown>;
      const exported = METHODS.filter((method) => typeof handlers[method] === 'function');
      expect(exported.length, route.source).toBeGreaterThan(0);
      for (const method of exported) {
        const request = new Request(`http://127.0.0.1${concretePaths(route.pattern)[0]}`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: method === 'GET' || method === 'HEAD' ? undefined : '{}',
        });
        const response = (await (handlers[method] as (r: Request) => Promise<Response>)(request)) as Response;
        expect(response.status, `${method} ${route.source}`).toBe(401);
        if (!usesBasicAuth(route.pattern)) expect(await response.json()).toEqual({ message: en.AuthErrors.unauthenticated, errors: [] });
      }
    }
  });

  it('every page with content checks the session itself', () => {
    for (const route of routes.filter((r) => r.kind === 'page' && !PUBLIC_PAGES.has(r.pattern) && !NO_CONTENT_PAGES.has(r.pattern))) {
      expect(readFileSync(path.join(ROOT, route.source), 'utf8'), route.source).toContain('await requirePageSession(');
    }
  });
});
