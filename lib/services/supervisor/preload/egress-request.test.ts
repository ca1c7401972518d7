import { describe, expect, it } from 'vitest';
import { absoluteTarget, connectTarget, endToEndHeaders, proxyAuthorized } from './egress-request';

describe('connectTarget', () => {
  it('reads host:port, [v6]:port and a bracketed IPv4-in-IPv6 address', () => {
    expect(connectTarget('storage.example:443')).toEqual({ host: 'storage.example', port: 443 });
    expect(connectTarget('127.0.0.1:7480')).toEqual({ host: '127.0.0.1', port: 7480 });
    expect(connectTarget('[::1]:443')).toEqual({ host: '::1', port: 443 });
    expect(connectTarget('[::ffff:169.254.169.254]:80')).toEqual({ host: '::ffff:169.254.169.254', port: 80 });
  });

  it('refuses a target without a port, with a bad port, a path, user info, an unbracketed IPv6 address or nothing', () => {
    for (const target of [undefined, '', 'storage.example', 'storage.example:', ':443', 'storage.example:0', 'storage.example:65536', 'storage.example:44x', 'storage.example:443/x', 'user@storage.example:443', '::1:443', '[1.2.3.4]:443', 'http://storage.example:443', 'storage example:443', '-storage.example:443', '*']) {
      expect(connectTarget(target), String(target)).toBeNull();
    }
  });
});

describe('absoluteTarget', () => {
  it('reads an absolute http:// URI: host, port (80 by default) and path with query', () => {
    expect(absoluteTarget('http://storage.example:7480/bucket/key?list-type=2')).toEqual({ host: 'storage.example', port: 7480, path: '/bucket/key?list-type=2' });
    expect(absoluteTarget('HTTP://Storage.Example/bucket')).toEqual({ host: 'storage.example', port: 80, path: '/bucket' });
    expect(absoluteTarget('http://[::1]:8080/')).toEqual({ host: '::1', port: 8080, path: '/' });
    expect(absoluteTarget('http://storage.example')).toEqual({ host: 'storage.example', port: 80, path: '/' });
  });

  it('refuses origin form, asterisk, other schemes, user info, fragments and malformed URIs', () => {
    for (const target of [undefined, '', '/bucket/key', '*', 'https://storage.example/', 'ftp://storage.example/', 'http://user:pw@storage.example/', 'http://storage.example/#x', 'http://[::1/', 'http://', 'http:///x', 'http://storage.example:99999/', 'http://exa mple/', 'http://a_b$c/']) {
      expect(absoluteTarget(target), String(target)).toBeNull();
    }
  });
});

describe('proxyAuthorized', () => {
  const token = 'a'.repeat(48);
  const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

  it('accepts the token as the Basic password, whatever the user name', () => {
    expect(proxyAuthorized(basic(`egress:${token}`), token)).toBe(true);
    expect(proxyAuthorized(basic(`:${token}`), token)).toBe(true);
  });

  it('refuses no header, another token, a token without the colon, another scheme, and an empty expected token', () => {
    expect(proxyAuthorized(undefined, token)).toBe(false);
    expect(proxyAuthorized(basic(`egress:${'b'.repeat(48)}`), token)).toBe(false);
    expect(proxyAuthorized(basic(`egress:${token}x`), token)).toBe(false);
    expect(proxyAuthorized(basic(token), token)).toBe(false);
    expect(proxyAuthorized(`Bearer ${token}`, token)).toBe(false);
    expect(proxyAuthorized([basic(`egress:${token}`)], token)).toBe(false);
    expect(proxyAuthorized(basic('egress:'), '')).toBe(false);
  });
});

describe('endToEndHeaders', () => {
  it('drops hop-by-hop headers, those Connection names, the proxy credential and Expect', () => {
    const headers = { host: 'storage.example', 'content-length': '4', authorization: 'AWS4-HMAC-SHA256 x', connection: 'keep-alive, X-Hop', 'x-hop': '1', 'proxy-authorization': 'Basic x', 'proxy-connection': 'keep-alive', 'keep-alive': 'timeout=5', 'transfer-encoding': 'chunked', te: 'trailers', upgrade: 'h2c', expect: '100-continue', 'x-amz-date': '20260101T000000Z' };
    expect(endToEndHeaders(headers)).toEqual({ host: 'storage.example', 'content-length': '4', authorization: 'AWS4-HMAC-SHA256 x', 'x-amz-date': '20260101T000000Z' });
  });
});
