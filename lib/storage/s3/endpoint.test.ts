import { describe, expect, it } from 'vitest';
import { deriveRegion, effectivePathStyle, effectiveRegion, hostAndPortOf, isLoopbackHost, parseAwsS3Endpoint, regionalServiceUrl } from './endpoint';

describe('S3 endpoint helpers', () => {
  it.each([
    ['https://s3.us-west-2.amazonaws.com', 'us-west-2'],
    ['https://s3-eu-west-1.amazonaws.com', 'eu-west-1'],
    ['https://s3.us-gov-west-1.amazonaws.com', 'us-gov-west-1'],
    ['https://s3.cn-north-1.amazonaws.com.cn', 'cn-north-1'],
    ['https://s3.amazonaws.com', 'us-east-1'],
    ['https://minio.example.com', 'us-east-1'],
    ['not a url', 'us-east-1'],
    // Dual-stack, FIPS, legacy dash form, China, upper case, explicit port.
    ['https://s3.dualstack.us-east-2.amazonaws.com', 'us-east-2'],
    ['https://s3-fips.us-east-2.amazonaws.com', 'us-east-2'],
    ['https://s3-fips.dualstack.us-west-1.amazonaws.com', 'us-west-1'],
    ['https://s3-fips.us-gov-west-1.amazonaws.com', 'us-gov-west-1'],
    ['https://s3-fips-us-gov-west-1.amazonaws.com', 'us-gov-west-1'],
    ['https://s3-us-west-2.amazonaws.com', 'us-west-2'],
    ['https://s3.cn-northwest-1.amazonaws.com.cn', 'cn-northwest-1'],
    ['https://s3.dualstack.cn-north-1.amazonaws.com.cn', 'cn-north-1'],
    ['https://S3.AP-SOUTHEAST-5.AMAZONAWS.COM:443/', 'ap-southeast-5'],
    // Virtual-hosted style: a bucket name (dots allowed) in front of the S3 host.
    ['https://my-bucket.s3.eu-central-2.amazonaws.com', 'eu-central-2'],
    ['https://my.dotted.bucket.s3.dualstack.sa-east-1.amazonaws.com', 'sa-east-1'],
    ['https://packages.s3-eu-west-1.amazonaws.com', 'eu-west-1'],
    ['https://s3.s3.us-west-2.amazonaws.com', 'us-west-2'],
    // Not regional S3 API hosts: no region can be read from them.
    ['https://s3-external-1.amazonaws.com', 'us-east-1'],
    ['https://bucket.s3-website-eu-west-1.amazonaws.com', 'us-east-1'],
    ['https://s3.eu-west-1.amazonaws.com.evil.example', 'us-east-1'],
    ['https://s3.eu-west-1.example.com', 'us-east-1'],
  ])('derives the region of %s as %s', (url, region) => {
    expect(deriveRegion(url)).toBe(region);
  });

  it.each([
    ['https://s3.us-east-2.amazonaws.com', { region: 'us-east-2', fips: false, dualstack: false }],
    ['https://s3.dualstack.us-east-2.amazonaws.com', { region: 'us-east-2', fips: false, dualstack: true }],
    ['https://s3-fips.us-east-2.amazonaws.com', { region: 'us-east-2', fips: true, dualstack: false }],
    ['https://s3-fips.dualstack.us-east-2.amazonaws.com', { region: 'us-east-2', fips: true, dualstack: true }],
    ['https://minio.example.com:9000', null],
  ])('reads the endpoint variant of %s', (url, expected) => {
    expect(parseAwsS3Endpoint(url)).toEqual(expected);
  });

  it.each([
    // [bucket region, URL the admin used, suggested URL]
    ['eu-west-1', undefined, 'https://s3.eu-west-1.amazonaws.com'],
    ['cn-north-1', undefined, 'https://s3.cn-north-1.amazonaws.com.cn'],
    ['cn-northwest-1', 'https://s3.us-east-1.amazonaws.com', 'https://s3.cn-northwest-1.amazonaws.com.cn'],
    ['cn-northwest-1', 'https://s3.dualstack.cn-north-1.amazonaws.com.cn', 'https://s3.dualstack.cn-northwest-1.amazonaws.com.cn'],
    ['eu-west-1', 'https://s3.dualstack.us-east-1.amazonaws.com', 'https://s3.dualstack.eu-west-1.amazonaws.com'],
    ['us-west-2', 'https://s3-fips.us-east-2.amazonaws.com', 'https://s3-fips.us-west-2.amazonaws.com'],
    ['ca-central-1', 'https://s3-fips.dualstack.us-east-2.amazonaws.com', 'https://s3-fips.dualstack.ca-central-1.amazonaws.com'],
    ['us-gov-east-1', 'https://s3-fips-us-gov-west-1.amazonaws.com', 'https://s3-fips.us-gov-east-1.amazonaws.com'],
    // No FIPS endpoint outside the US and Canada: the plain (or dual-stack) one is the only one that exists.
    ['eu-west-1', 'https://s3-fips.dualstack.us-east-2.amazonaws.com', 'https://s3.dualstack.eu-west-1.amazonaws.com'],
    // Legacy dash form and a bucket name in the host are not carried over.
    ['ap-southeast-4', 'https://s3-us-west-2.amazonaws.com', 'https://s3.ap-southeast-4.amazonaws.com'],
    ['eu-west-3', 'https://packages.s3.us-east-1.amazonaws.com', 'https://s3.eu-west-3.amazonaws.com'],
    ['eu-west-3', 'https://s3.amazonaws.com', 'https://s3.eu-west-3.amazonaws.com'],
  ])('suggests the service URL of %s in the variant of %s', (region, like, expected) => {
    expect(regionalServiceUrl(region, like)).toBe(expected);
  });

  it('gives host:port only when the port is not the default', () => {
    expect(hostAndPortOf('http://127.0.0.1:7480')).toBe('127.0.0.1:7480');
    expect(hostAndPortOf('http://[::1]:9000/')).toBe('[::1]:9000');
    expect(hostAndPortOf('https://S3.us-east-1.amazonaws.com:443')).toBe('s3.us-east-1.amazonaws.com');
    expect(hostAndPortOf('https://minio.example.com:9001')).toBe('minio.example.com:9001');
    expect(hostAndPortOf('nope')).toBeNull();
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
