import { describe, expect, it } from 'vitest';
import { readConsoleEnv } from '@/lib/env';
import { clientKey } from './ip-address';
import { clientAddress, isSecureRequest, peerAddress, requestHost, setPeerHeaderName } from './request-origin';

setPeerHeaderName('x-test-peer');
const direct = readConsoleEnv({ NODE_ENV: 'test' });
const behindProxy = readConsoleEnv({ NODE_ENV: 'test', CONSOLE_TRUSTED_PROXIES: '10.0.0.5, fd00::/8' });

const request = (peer: string | null, headers: Record<string, string> = {}) =>
  new Request('http://127.0.0.1:3000/api/auth/login', { headers: { host: '127.0.0.1:3000', ...(peer === null ? {} : { 'x-test-peer': peer }), ...headers } });
const forwarded = { 'x-forwarded-for': '203.0.113.9, 198.51.100.4', 'x-forwarded-host': 'console.example.com', 'x-forwarded-proto': 'https' };

describe('request origin', () => {
  it('takes the socket address as the client, IPv4-mapped addresses unwrapped', () => {
    expect(peerAddress(request('::ffff:127.0.0.2'))).toBe('127.0.0.2');
    expect(clientAddress(request('127.0.0.2', forwarded), direct)).toBe('127.0.0.2');
    expect(peerAddress(request(null))).toBeNull();
  });

  it('ignores X-Forwarded-* unless the socket is a trusted proxy', () => {
    for (const [peer, env] of [['127.0.0.2', direct], ['10.0.0.6', behindProxy], ['10.0.0.5', direct]] as const) {
      expect(clientAddress(request(peer, forwarded), env)).toBe(peer);
      expect(requestHost(request(peer, forwarded), env)).toBe('127.0.0.1:3000');
      expect(isSecureRequest(request(peer, forwarded), env)).toBe(false);
    }
  });

  it('believes a trusted proxy: the nearest untrusted X-Forwarded-For hop, its host and scheme', () => {
    expect(clientAddress(request('10.0.0.5', forwarded), behindProxy)).toBe('198.51.100.4');
    expect(clientAddress(request('fd00::1', { 'x-forwarded-for': '198.51.100.4, 10.0.0.5' }), behindProxy)).toBe('198.51.100.4');
    expect(clientAddress(request('10.0.0.5', { 'x-forwarded-for': 'junk, 198.51.100.4' }), behindProxy)).toBe('198.51.100.4');
    expect(clientAddress(request('10.0.0.5', { 'x-forwarded-for': '198.51.100.4, junk' }), behindProxy)).toBe('10.0.0.5');
    expect(requestHost(request('10.0.0.5', forwarded), behindProxy)).toBe('console.example.com');
    expect(isSecureRequest(request('10.0.0.5', forwarded), behindProxy)).toBe(true);
  });
});

describe('forwarded entries as proxies write them', () => {
  const from = (headers: Record<string, string>, peer = '10.0.0.5') => request(peer, headers);

  it('strips ports and reads unknown and obfuscated entries as the client, never falling back to the proxy', () => {
    expect(clientAddress(from({ 'x-forwarded-for': '10.1.1.3:5678' }), behindProxy)).toBe('10.1.1.3');
    expect(clientAddress(from({ 'x-forwarded-for': '[2001:db8::1]:443' }), behindProxy)).toBe('2001:db8::1');
    expect(clientAddress(from({ 'x-forwarded-for': '198.51.100.7:1234, [fd00::9]:80' }), behindProxy)).toBe('198.51.100.7');
    expect(clientKey(clientAddress(from({ 'x-forwarded-for': 'unknown' }), behindProxy))).toBe('unknown');
    expect(clientKey(clientAddress(from({ 'x-forwarded-for': '_client-7' }), behindProxy))).toBe('_client-7');
  });

  it('reads the Forwarded header (RFC 7239) when there is no X-Forwarded-For', () => {
    const cases: [string, string][] = [
      ['for=192.0.2.60;proto=http;by=203.0.113.43', '192.0.2.60'],
      ['for="[2001:db8:cafe::17]:4711"', '2001:db8:cafe::17'],
      ['For="192.0.2.43:47011", for=198.51.100.17', '198.51.100.17'],
      ['for=198.51.100.17, for=10.0.0.5', '198.51.100.17'],
      ['for=_hidden;proto=https', '_hidden'],
      ['for=unknown', 'unknown'],
    ];
    for (const [header, client] of cases) expect(clientAddress(from({ forwarded: header }), behindProxy), header).toBe(client);
    expect(clientAddress(from({ forwarded: 'for="broken' }), behindProxy)).toBe('10.0.0.5');
    expect(clientAddress(from({ forwarded: 'for=198.51.100.17', 'x-forwarded-for': '203.0.113.5' }), behindProxy)).toBe('203.0.113.5');
    expect(clientAddress(request('192.0.2.1', { forwarded: 'for=198.51.100.17' }), behindProxy)).toBe('192.0.2.1');
  });

  it('tells the X-Forwarded-* headers Next.js adds from those the proxy sent, by what the front door saw arrive', () => {
    // The proxy sent Forwarded alone; Next.js then added X-Forwarded-For (the socket), -Host (Host) and -Proto (http).
    const added = { forwarded: 'for=198.51.100.17;host=console.example;proto=https', 'x-forwarded-for': '10.0.0.5', 'x-forwarded-host': '127.0.0.1:3000', 'x-forwarded-proto': 'http' };
    const sentForwardedOnly = from({ ...added, 'x-test-peer-arrived': 'forwarded' });
    expect(clientAddress(sentForwardedOnly, behindProxy)).toBe('198.51.100.17');
    expect(requestHost(sentForwardedOnly, behindProxy)).toBe('console.example');
    expect(isSecureRequest(sentForwardedOnly, behindProxy)).toBe(true);
    const sentNothing = from({ 'x-forwarded-for': '10.0.0.5', 'x-forwarded-host': 'evil.example', 'x-test-peer-arrived': '' });
    expect(clientAddress(sentNothing, behindProxy)).toBe('10.0.0.5');
    expect(requestHost(sentNothing, behindProxy)).toBe('127.0.0.1:3000');
  });

  it('takes the host and scheme the trusted proxy added (the rightmost), not what the client sent before it', () => {
    const appended = { 'x-forwarded-for': '198.51.100.4', 'x-forwarded-host': 'console.example, evil.com', 'x-forwarded-proto': 'https, http' };
    expect(requestHost(from({ ...appended, 'x-forwarded-host': 'evil.com, console.example' }), behindProxy)).toBe('console.example');
    expect(requestHost(from(appended), behindProxy)).toBe('evil.com');
    expect(isSecureRequest(from(appended), behindProxy)).toBe(false);
    expect(isSecureRequest(from({ ...appended, 'x-forwarded-proto': 'http, https' }), behindProxy)).toBe(true);
    // Two trusted proxies (fd00::1 in front of 10.0.0.5): the outer one's entry, one from the right.
    const twoHops = { 'x-forwarded-for': '203.0.113.1, 198.51.100.4, fd00::1', 'x-forwarded-host': 'evil.com, console.example, inner.local', 'x-forwarded-proto': 'http, https, http' };
    expect(clientAddress(from(twoHops), behindProxy)).toBe('198.51.100.4');
    expect(requestHost(from(twoHops), behindProxy)).toBe('console.example');
    expect(isSecureRequest(from(twoHops), behindProxy)).toBe(true);
    const standard = { forwarded: 'for=203.0.113.1;host=evil.com;proto=http, for=198.51.100.4;host=console.example;proto=https' };
    expect(requestHost(from(standard), behindProxy)).toBe('console.example');
    expect(isSecureRequest(from(standard), behindProxy)).toBe(true);
    expect(requestHost(from({ forwarded: 'for="[2001:db8::5]:443";host="console.example:8443";proto=https' }), behindProxy)).toBe('console.example:8443');
  });
});

describe('clientKey', () => {
  it('counts IPv4 addresses one by one and IPv6 addresses by /64', () => {
    expect(clientKey('::ffff:127.0.0.2')).toBe('127.0.0.2');
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey(null)).toBe('unknown');
    expect(clientKey('not an address')).toBe('unknown');
  });
});

describe('CONSOLE_TRUSTED_PROXIES and CONSOLE_ALLOWED_HOSTS', () => {
  it('accept addresses, ranges and host names, and refuse anything else by name', () => {
    expect(readConsoleEnv({ NODE_ENV: 'test', CONSOLE_TRUSTED_PROXIES: '10.0.0.0/8 ::1' }).trustedProxies).toHaveLength(2);
    expect(readConsoleEnv({ NODE_ENV: 'test', CONSOLE_ALLOWED_HOSTS: 'Console.Example.com,[::1],10.1.2.3' }).allowedHosts).toEqual(['console.example.com', '[::1]', '10.1.2.3']);
    for (const value of ['10.0.0.0/33', 'proxy.example', '10.0.0.1/8/8']) {
      expect(() => readConsoleEnv({ NODE_ENV: 'test', CONSOLE_TRUSTED_PROXIES: value })).toThrow(/CONSOLE_TRUSTED_PROXIES/);
    }
    for (const value of ['https://console.example', 'console.example:443', '*.example']) {
      expect(() => readConsoleEnv({ NODE_ENV: 'test', CONSOLE_ALLOWED_HOSTS: value })).toThrow(/CONSOLE_ALLOWED_HOSTS/);
    }
  });
});
