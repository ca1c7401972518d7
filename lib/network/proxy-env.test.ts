import { describe, expect, it } from 'vitest';
import { parseProxySettings, proxyFor, proxyLabel } from './proxy-env';

describe('parseProxySettings', () => {
  it('reads lower case before upper case and keeps credentials out of the label', () => {
    const settings = parseProxySettings({ https_proxy: 'http://user:p%40ss@proxy.corp:3128', HTTPS_PROXY: 'http://other:1' });
    expect(settings.https).toEqual({ host: 'proxy.corp', port: 3128, authorization: `Basic ${Buffer.from('user:p@ss').toString('base64')}` });
    expect(proxyLabel(settings.https!)).toBe('proxy.corp:3128');
    expect(settings.http).toBeNull();
  });

  it('takes a bare host:port as an http proxy, port 80 by default', () => {
    expect(parseProxySettings({ HTTP_PROXY: 'proxy.corp:8080' }).http).toMatchObject({ host: 'proxy.corp', port: 8080, authorization: null });
    expect(parseProxySettings({ HTTP_PROXY: 'http://proxy.corp' }).http?.port).toBe(80);
  });

  it('refuses what it cannot use, naming the variable but never the value', () => {
    expect(() => parseProxySettings({ HTTPS_PROXY: 'https://proxy:3128' })).toThrow(/^HTTPS_PROXY: only http:\/\//);
    expect(() => parseProxySettings({ https_proxy: 'socks5://u:secret@proxy:1080' })).toThrow(/^https_proxy:/);
    expect(() => parseProxySettings({ https_proxy: 'socks5://u:secret@proxy:1080' })).not.toThrow(/secret/);
    expect(() => parseProxySettings({ HTTP_PROXY: 'http://proxy:3128/path' })).toThrow(/path/);
    expect(() => parseProxySettings({ HTTP_PROXY: 'http://' })).toThrow(/HTTP_PROXY/);
  });
});

describe('proxyFor', () => {
  const settings = parseProxySettings({
    HTTPS_PROXY: 'http://secure-proxy:3128',
    HTTP_PROXY: 'http://plain-proxy:3128',
    NO_PROXY: 'localhost, .internal.example, minio.corp:9000, 10.0.0.5',
  });

  it('picks the proxy by the URL scheme', () => {
    expect(proxyFor('https://s3.eu-west-1.amazonaws.com', settings)?.host).toBe('secure-proxy');
    expect(proxyFor('http://ceph.example:7480', settings)?.host).toBe('plain-proxy');
  });

  it('bypasses hosts, subdomains and host:port named in NO_PROXY', () => {
    expect(proxyFor('https://localhost:9000', settings)).toBeNull();
    expect(proxyFor('https://s3.internal.example', settings)).toBeNull();
    expect(proxyFor('https://internal.example', settings)).toBeNull();
    expect(proxyFor('https://minio.corp:9000', settings)).toBeNull();
    expect(proxyFor('https://minio.corp:9443', settings)?.host).toBe('secure-proxy');
    expect(proxyFor('http://10.0.0.5:7480', settings)).toBeNull();
    expect(proxyFor('https://notinternal.example', settings)?.host).toBe('secure-proxy');
  });

  it('bypasses everything with *', () => {
    expect(proxyFor('https://anything', parseProxySettings({ HTTPS_PROXY: 'http://p:1', no_proxy: '*' }))).toBeNull();
  });
});
