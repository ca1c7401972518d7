import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLockoutStatus } from '@/lib/auth/lockout';
import { readConsoleEnv } from '@/lib/env';
import { startConsole, tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { rawRequest } from '@/lib/testing/raw-http';
import fr from '@/messages/fr.json';

// What reaches the console before any route: requests under a foreign host name (DNS rebinding),
// methods nobody serves, paths that are not valid percent-encoding. Raw requests, production build.

const PASSWORD = 'front door test password';
let server: ConsoleServer;
let port: string;

beforeAll(async () => {
  server = await startConsole(await tempDataDir('front-door'), { CONSOLE_ROOT_PASSWORD: PASSWORD, CONSOLE_ALLOWED_HOSTS: 'console.example.test' });
  port = new URL(server.url).port;
});
afterAll(async () => {
  await server?.stop();
});

function expectSecurityHeaders(headers: http.IncomingHttpHeaders, what: string): void {
  expect(headers['content-security-policy'], what).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBe('same-origin');
  expect(headers['x-frame-options'], what).toBe('DENY');
}

function expectProblem(body: string, code: string, message: string): void {
  expect(JSON.parse(body)).toEqual({ message, errors: [{ field: null, code, message }] });
}

describe('the Host check', () => {
  it('answers 421, with the security headers, to a name the console does not answer under, and counts no guess', async () => {
    const evil = { host: `evil.example:${port}`, 'accept-language': 'fr' };
    const requests = [
      { path: '/en/login' },
      { path: '/status' },
      { path: '/manage/v1/config/settings', headers: { authorization: `Basic ${Buffer.from('api_key:a wrong guess').toString('base64')}` } },
      { method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json', origin: `http://evil.example:${port}` }, body: JSON.stringify({ password: 'a wrong guess' }) },
    ];
    for (const { headers = {}, ...request } of requests) {
      const response = await rawRequest(server.url, { ...request, headers: { ...evil, ...headers } });
      expect(response.status, request.path).toBe(421);
      expectSecurityHeaders(response.headers, request.path);
      expectProblem(response.body, 'unknownHost', fr.RequestErrors.unknownHost);
    }
    expect(await readLockoutStatus('127.0.0.1', readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: server.dataDir }))).toMatchObject({ failures: 0 });
  });

  it('answers under the public URL host, the loopback names and CONSOLE_ALLOWED_HOSTS', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `127.0.0.9:${port}`, `[::1]:${port}`, 'console.example.test']) {
      expect((await rawRequest(server.url, { path: '/en/login', headers: { host } })).status, host).toBe(200);
    }
  });
});

describe('requests no route serves', () => {
  const paths = ['/', '/manage/v1/config/settings', '/_next/static/chunks/main.js', '/api/auth/login', '/fr/settings/packages'];
  const badPaths = ['/manage/v1/%E0%A4%A', '/manage/v1/config/%zz', '/_next/static/%zz', '/_next/static/chunks/%', '/en/%c0', '/api/settings/%'];

  it('answer an unsupported method with 405, Allow and the security headers, localized', async () => {
    for (const method of ['TRACE', 'PROPFIND', 'PURGE']) {
      for (const path of paths) {
        const response = await rawRequest(server.url, { method, path, headers: { 'accept-language': 'fr' } });
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(response.headers.allow).toBe('GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
        expectSecurityHeaders(response.headers, `${method} ${path}`);
        expectProblem(response.body, 'methodNotAllowed', fr.RequestErrors.methodNotAllowed);
      }
    }
  });

  it('answer a path that is not valid percent-encoding with 400 and the security headers, localized', async () => {
    for (const path of badPaths) {
      const response = await rawRequest(server.url, { path, headers: { 'accept-language': 'fr' } });
      expect(response.status, path).toBe(400);
      expectSecurityHeaders(response.headers, path);
      expectProblem(response.body, 'malformedUrl', fr.RequestErrors.malformedUrl);
    }
  });

  it('answer a target that is not a path (*, an absolute URL, a broken one) with 400 and the security headers, localized', async () => {
    const targets = [
      { path: '*' },
      { method: 'OPTIONS', path: '*' },
      { path: 'http://evil.example/x', headers: { host: 'evil.example' } },
      { path: `http://127.0.0.1:${port}/en/login` },
      { path: 'http://[::1' },
      { method: 'POST', path: 'https://evil.example/api/auth/login', headers: { 'content-type': 'application/json' }, body: '{"password":"a wrong guess"}' },
    ];
    for (const { headers = {}, ...target } of targets) {
      const response = await rawRequest(server.url, { ...target, headers: { 'accept-language': 'fr', ...headers } });
      const what = `${target.method ?? 'GET'} ${target.path}`;
      expect(response.status, what).toBe(400);
      expect(response.headers.location, what).toBeUndefined();
      expectSecurityHeaders(response.headers, what);
      expectProblem(response.body, 'unsupportedTarget', fr.RequestErrors.unsupportedTarget);
    }
    expect(await readLockoutStatus('127.0.0.1', readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: server.dataDir }))).toMatchObject({ failures: 0 });
  });

  it('write nothing to the log, however many arrive', async () => {
    const before = server.output().length;
    const strangeTargets = ['*', 'http://evil.example/x', 'http://[::1', 'https://127.0.0.1/en/login'];
    const requests = Array.from({ length: 600 }, (_, index) =>
      index % 3 === 0
        ? { method: 'TRACE', path: paths[index % paths.length] ?? '/' }
        : index % 3 === 1
          ? { path: badPaths[index % badPaths.length] ?? '/%' }
          : { path: strangeTargets[index % strangeTargets.length] ?? '*' },
    );
    for (let start = 0; start < requests.length; start += 25) {
      const answers = await Promise.all(requests.slice(start, start + 25).map((request) => rawRequest(server.url, request)));
      for (const answer of answers) expect([400, 405]).toContain(answer.status);
    }
    expect(server.output().slice(before)).toBe('');
  }, 60_000);
});
