import { describe, expect, it } from 'vitest';
import { encodeKey, objectLocation } from './object-url';

describe('encodeKey', () => {
  it('keeps the unreserved characters and slashes, and encodes the rest as S3 signs them', () => {
    expect(encodeKey('npm/@scope/pkg/-/pkg-1.0.0.tgz')).toBe('npm/%40scope/pkg/-/pkg-1.0.0.tgz');
    expect(encodeKey("a b+c~d!e'f(g)h*i")).toBe('a%20b%2Bc~d%21e%27f%28g%29h%2Ai');
    expect(encodeKey('ü/日本')).toBe('%C3%BC/%E6%97%A5%E6%9C%AC');
  });
});

describe('objectLocation', () => {
  it('puts the bucket in the path when asked, keeping the port and a path of the service URL', () => {
    expect(objectLocation('http://127.0.0.1:7480/', 'packages', 'npm/a', true)).toEqual({ protocol: 'http:', hostname: '127.0.0.1', host: '127.0.0.1:7480', port: 7480, path: '/packages/npm/a' });
    expect(objectLocation('https://store.example/s3', 'packages', 'npm/a', true).path).toBe('/s3/packages/npm/a');
  });

  it('puts a DNS-label bucket in the host name for virtual-hosted style', () => {
    expect(objectLocation('https://s3.eu-west-1.amazonaws.com', 'packages', 'x', false)).toEqual({ protocol: 'https:', hostname: 'packages.s3.eu-west-1.amazonaws.com', host: 'packages.s3.eu-west-1.amazonaws.com', port: undefined, path: '/x' });
  });

  it('keeps a bucket with dots in the path whatever the setting (a wildcard certificate does not cover it)', () => {
    expect(objectLocation('https://s3.eu-west-1.amazonaws.com', 'my.packages', 'x', false)).toMatchObject({ hostname: 's3.eu-west-1.amazonaws.com', path: '/my.packages/x' });
  });

  it('never resolves dot segments: a key with .. is that key', () => {
    expect(objectLocation('http://127.0.0.1:7480', 'b', 'npm/../x/./y', true).path).toBe('/b/npm/../x/./y');
  });
});
