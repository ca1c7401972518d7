import { describe, expect, it } from 'vitest';
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

  it('accepts same-origin browsers and clients that send neither header', () => {
    expect(isCrossSiteRequest(request('PUT', { 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:3000' }))).toBe(false);
    expect(isCrossSiteRequest(request('POST', {}))).toBe(false);
    expect(isCrossSiteRequest(request('POST', { 'sec-fetch-site': 'none' }))).toBe(false);
  });

  it('matches the host a TLS-terminating proxy forwarded, ignoring default ports', () => {
    const proxied = new Request('http://127.0.0.1:3000/api/auth/logout', {
      method: 'POST',
      headers: { host: '127.0.0.1:3000', 'x-forwarded-host': 'console.example.com', origin: 'https://console.example.com:443' },
    });
    expect(isCrossSiteRequest(proxied)).toBe(false);
  });
});
