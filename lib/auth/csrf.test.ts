import { describe, expect, it } from 'vitest';
import { readConsoleEnv } from '@/lib/env';
import { setPeerHeaderName } from '@/lib/http/request-origin';
import { isCrossSiteRequest } from './csrf';

const request = (method: string, headers: Record<string, string>) =>
  new Request('http://127.0.0.1:3000/api/settings/packages', { method, headers: { host: '127.0.0.1:3000', ...headers } });

describe('isCrossSiteRequest', () => {
  it('never refuses reads', () => {
    expect(isCrossSiteRequest(request('GET', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }))).toBe(false);
    expect(isCrossSiteRequest(request('HEAD', { 'sec-fetch-site': 'cross-site' }))).toBe(false);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('refuses a cross-site %s by Sec-Fetch-Site or Origin', (method) => {
    expect(isCrossSiteRequest(request(method, { 'sec-fetch-site': 'cross-site' }))).toBe(true);
    expect(isCrossSiteRequest(request(method, { 'sec-fetch-site': 'same-site' }))).toBe(true);
    expect(isCrossSiteRequest(request(method, { origin: 'https://evil.example' }))).toBe(true);
    expect(isCrossSiteRequest(request(method, { origin: 'http://127.0.0.1:3001' }))).toBe(true);
    expect(isCrossSiteRequest(request(method, { origin: 'null' }))).toBe(true);
    expect(isCrossSiteRequest(request(method, { origin: 'file://' }))).toBe(true);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('refuses a %s whose Origin has another scheme than the console', (method) => {
    expect(isCrossSiteRequest(request(method, { origin: 'https://127.0.0.1:3000' }))).toBe(true);
    expect(isCrossSiteRequest(request(method, { origin: 'https://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }))).toBe(true);
    const onPort80 = new Request('http://127.0.0.1/api/settings/packages', { method, headers: { host: '127.0.0.1:80', origin: 'http://127.0.0.1' } });
    expect(isCrossSiteRequest(onPort80)).toBe(false);
    const https443 = new Request('http://127.0.0.1/api/settings/packages', { method, headers: { host: '127.0.0.1:443', origin: 'http://127.0.0.1' } });
    expect(isCrossSiteRequest(https443)).toBe(true);
  });

  it('accepts same-origin browsers and clients that send neither header', () => {
    expect(isCrossSiteRequest(request('PUT', { 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:3000' }))).toBe(false);
    expect(isCrossSiteRequest(request('POST', {}))).toBe(false);
    expect(isCrossSiteRequest(request('POST', { 'sec-fetch-site': 'none' }))).toBe(false);
  });
});

describe('isCrossSiteRequest behind a reverse proxy', () => {
  setPeerHeaderName('x-test-peer');
  const behindProxy = readConsoleEnv({ NODE_ENV: 'test', CONSOLE_TRUSTED_PROXIES: '10.0.0.0/24' });
  const proxied = (peer: string) =>
    new Request('http://127.0.0.1:3000/api/auth/logout', {
      method: 'POST',
      headers: { host: '127.0.0.1:3000', 'x-forwarded-host': 'console.example.com', 'x-forwarded-proto': 'https', origin: 'https://console.example.com:443', 'x-test-peer': peer },
    });

  it('matches the host a trusted proxy forwarded, ignoring default ports', () => {
    expect(isCrossSiteRequest(proxied('10.0.0.7'), behindProxy)).toBe(false);
  });

  it('takes the scheme from the trusted proxy alone', () => {
    const plain = new Request('http://127.0.0.1:3000/api/auth/logout', {
      method: 'POST',
      headers: { host: '127.0.0.1:3000', 'x-forwarded-host': 'console.example.com', origin: 'https://console.example.com', 'x-test-peer': '10.0.0.7' },
    });
    // The proxy did not say https: the console was reached over http, so an https origin is another site.
    expect(isCrossSiteRequest(plain, behindProxy)).toBe(true);
    const claimed = new Request('http://127.0.0.1:3000/api/auth/logout', {
      method: 'POST',
      headers: { host: '127.0.0.1:3000', 'x-forwarded-proto': 'https', origin: 'https://127.0.0.1:3000', 'x-test-peer': '192.0.2.9' },
    });
    expect(isCrossSiteRequest(claimed, behindProxy)).toBe(true);
  });

  it('ignores X-Forwarded-Host from anyone else, and from everyone when no proxy is trusted', () => {
    expect(isCrossSiteRequest(proxied('192.0.2.9'), behindProxy)).toBe(true);
    expect(isCrossSiteRequest(proxied('10.0.0.7'), readConsoleEnv({ NODE_ENV: 'test' }))).toBe(true);
  });
});
