import { describe, expect, it } from 'vitest';
import { deriveRegion, effectivePathStyle, effectiveRegion, isLoopbackHost } from './s3-endpoint';

describe('S3 endpoint helpers', () => {
  it.each([
    ['https://s3.us-west-2.amazonaws.com', 'us-west-2'],
    ['https://s3-eu-west-1.amazonaws.com', 'eu-west-1'],
    ['https://s3.us-gov-west-1.amazonaws.com', 'us-gov-west-1'],
    ['https://s3.cn-north-1.amazonaws.com.cn', 'cn-north-1'],
    ['https://s3.amazonaws.com', 'us-east-1'],
    ['https://minio.example.com', 'us-east-1'],
    ['not a url', 'us-east-1'],
  ])('derives the region of %s as %s', (url, region) => {
    expect(deriveRegion(url)).toBe(region);
  });

  it('lets an explicit region win over the derived one', () => {
    expect(effectiveRegion('https://s3.us-west-2.amazonaws.com', ' eu-west-3 ')).toBe('eu-west-3');
    expect(effectiveRegion('https://s3.us-west-2.amazonaws.com', '')).toBe('us-west-2');
  });

  it('uses path-style addressing for non-AWS endpoints unless told otherwise', () => {
    expect(effectivePathStyle('https://s3.us-west-2.amazonaws.com', 'auto')).toBe(false);
    expect(effectivePathStyle('http://127.0.0.1:7480', 'auto')).toBe(true);
    expect(effectivePathStyle('https://s3.us-west-2.amazonaws.com', 'path')).toBe(true);
    expect(effectivePathStyle('https://minio.example.com', 'virtual')).toBe(false);
  });

  it('knows loopback hosts', () => {
    expect(['localhost', '127.0.0.1', '127.9.9.9', '[::1]'].map(isLoopbackHost)).toEqual([true, true, true, true]);
    expect(['10.0.0.1', 'example.com', '128.0.0.1'].map(isLoopbackHost)).toEqual([false, false, false]);
  });
});
