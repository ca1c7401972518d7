import { describe, expect, it } from 'vitest';
import { accessKeyProblem, bucketNameProblem, serviceUrlProblem } from '@/lib/storage/s3/rules';
import { createPackagesSettingsSchema, fieldProblems } from './schema';

const valid = {
  enabled: true,
  serviceUrl: 'https://s3.us-west-2.amazonaws.com',
  bucket: 'ghe-packages',
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  region: '',
  pathStyle: 'auto',
  version: 3,
};

function problems(input: Record<string, unknown>, secretStored = false) {
  const result = createPackagesSettingsSchema({ storedSecrets: secretStored ? ['secretKey'] : [] }).safeParse(input);
  return result.success ? [] : fieldProblems(result.error);
}

describe('service URL', () => {
  it.each([
    ['https://s3.us-west-2.amazonaws.com', null],
    ['https://minio.example.com:9000', null],
    ['https://minio.example.com/', null],
    ['http://127.0.0.1:7480', null],
    ['http://localhost:9000', null],
    ['http://[::1]:9000', null],
    ['http://s3.example.com', 'serviceUrlHttps'],
    ['ftp://s3.example.com', 'serviceUrlHttps'],
    ['s3.us-west-2.amazonaws.com', 'serviceUrlInvalid'],
    ['https://', 'serviceUrlInvalid'],
    ['https://user:pw@s3.example.com', 'serviceUrlCredentials'],
    ['https://s3.example.com/?x=1', 'serviceUrlQuery'],
    ['https://s3.example.com/#top', 'serviceUrlQuery'],
    ['https://s3.example.com?', 'serviceUrlQuery'],
    ['https://s3.example.com/my-bucket', 'serviceUrlPath'],
    ['https://my-bucket.s3.us-west-2.amazonaws.com', 'serviceUrlHasBucket'],
    ['https://my.dotted.bucket.s3.dualstack.eu-west-1.amazonaws.com', 'serviceUrlHasBucket'],
    ['https://my-bucket.s3.amazonaws.com', 'serviceUrlHasBucket'],
    ['https://my-bucket.s3.cn-north-1.amazonaws.com.cn', 'serviceUrlHasBucket'],
    ['https://s3.dualstack.us-east-2.amazonaws.com', null],
    ['https://s3-fips.us-gov-west-1.amazonaws.com', null],
    ['https://bucket.minio.example.com', null],
    // Link-local networks and cloud metadata services, however the address is written.
    ['https://169.254.169.254', 'serviceUrlLinkLocal'],
    ['http://169.254.169.254', 'serviceUrlLinkLocal'],
    ['https://169.254.10.20:9000', 'serviceUrlLinkLocal'],
    ['https://0xA9FEA9FE', 'serviceUrlLinkLocal'],
    ['https://2852039166', 'serviceUrlLinkLocal'],
    ['https://169.254.43518', 'serviceUrlLinkLocal'],
    ['https://[fe80::1]', 'serviceUrlLinkLocal'],
    ['https://[FEBF::abcd]:443', 'serviceUrlLinkLocal'],
    ['https://[::ffff:169.254.169.254]', 'serviceUrlLinkLocal'],
    ['https://[fd00:ec2::254]', 'serviceUrlLinkLocal'],
    ['https://metadata.google.internal', 'serviceUrlLinkLocal'],
    ['https://METADATA.google.internal.', 'serviceUrlLinkLocal'],
    ['https://100.100.100.200', 'serviceUrlLinkLocal'],
    ['https://[::169.254.169.254]', 'serviceUrlLinkLocal'],
    ['https://[::ffff:0:169.254.169.254]', 'serviceUrlLinkLocal'],
    ['https://[64:ff9b::169.254.169.254]', 'serviceUrlLinkLocal'],
    ['https://168.63.129.16', 'serviceUrlLinkLocal'],
    ['https://metadata', 'serviceUrlLinkLocal'],
    ['http://metadata:80', 'serviceUrlLinkLocal'],
    ['https://169.253.1.1', null],
    ['https://[fec0::1]', null],
    ['https://100.100.100.201', null],
    ['https://metadata.example.com', null],
  ])('%s -> %s', (url, expected) => {
    expect(serviceUrlProblem(url)).toBe(expected);
  });
});

describe('bucket name', () => {
  it.each([
    ['ghe-packages', null],
    ['a.b-c.1', null],
    ['abc', null],
    ['a'.repeat(63), null],
    ['ab', 'bucketLength'],
    ['a'.repeat(64), 'bucketLength'],
    ['My-Bucket', 'bucketCharacters'],
    ['my_bucket', 'bucketCharacters'],
    ['my bucket', 'bucketCharacters'],
    ['-bucket', 'bucketEdges'],
    ['bucket.', 'bucketEdges'],
    ['my..bucket', 'bucketDoubleDot'],
    ['192.168.5.4', 'bucketIpAddress'],
    ['xn--bucket', 'bucketPrefix'],
    ['sthree-bucket', 'bucketPrefix'],
    ['bucket-s3alias', 'bucketSuffix'],
    ['bucket--ol-s3', 'bucketSuffix'],
  ])('%s -> %s', (name, expected) => {
    expect(bucketNameProblem(name)).toBe(expected);
  });
});

describe('access key', () => {
  it.each([
    ['AKIAIOSFODNN7EXAMPLE', null],
    ['A'.repeat(16), null],
    ['A'.repeat(128), null],
    ['minioadmin', null],
    ['abc', null],
    ['ab', 'accessKeyLength'],
    ['A'.repeat(129), 'accessKeyLength'],
    ['AKIA IOSFODNN7EXAMPLE', 'accessKeyCharacters'],
    ['AKIAIOSFODNN7EXAMPLÉ', 'accessKeyCharacters'],
  ])('%s -> %s', (key, expected) => {
    expect(accessKeyProblem(key)).toBe(expected);
  });

  it.each([
    ['https://s3.us-west-2.amazonaws.com', 'minioadmin', 'accessKeyLengthAws'],
    ['https://s3.cn-north-1.amazonaws.com.cn', 'A'.repeat(15), 'accessKeyLengthAws'],
    ['https://s3.us-west-2.amazonaws.com', 'A'.repeat(16), null],
    ['https://s3.us-west-2.amazonaws.com', 'A'.repeat(129), 'accessKeyLengthAws'],
    ['https://minio.example.com', 'minioadmin', null],
    ['http://127.0.0.1:9000', 'abc', null],
  ])('on %s, %s -> %s', (serviceUrl, key, expected) => {
    expect(accessKeyProblem(key, serviceUrl)).toBe(expected);
  });
});

describe('packages settings schema', () => {
  it('accepts valid settings and trims pasted whitespace', () => {
    const result = createPackagesSettingsSchema({ storedSecrets: [] }).parse({
      ...valid,
      serviceUrl: '  https://s3.us-west-2.amazonaws.com\n',
      bucket: ' ghe-packages ',
      accessKey: '\tAKIAIOSFODNN7EXAMPLE ',
      secretKey: ' secret ',
    });
    expect(result).toMatchObject({ serviceUrl: 'https://s3.us-west-2.amazonaws.com', bucket: 'ghe-packages', accessKey: 'AKIAIOSFODNN7EXAMPLE', secretKey: 'secret' });
  });

  it('requires every storage field when enabled, with a message per field', () => {
    const empty = { ...valid, serviceUrl: '', bucket: '', accessKey: '', secretKey: '' };
    expect(problems(empty)).toEqual([
      { field: 'serviceUrl', code: 'serviceUrlRequired', namespace: 'S3Storage.validation' },
      { field: 'bucket', code: 'bucketRequired', namespace: 'S3Storage.validation' },
      { field: 'accessKey', code: 'accessKeyRequired', namespace: 'S3Storage.validation' },
      { field: 'secretKey', code: 'secretKeyRequired', namespace: 'S3Storage.validation' },
    ]);
  });

  it('holds AWS access keys to AWS lengths, and accepts short S3-compatible ones such as minioadmin', () => {
    expect(problems({ ...valid, accessKey: 'minioadmin' })).toEqual([{ field: 'accessKey', code: 'accessKeyLengthAws', namespace: 'S3Storage.validation' }]);
    expect(problems({ ...valid, serviceUrl: 'https://minio.example.com', accessKey: 'minioadmin' })).toEqual([]);
    expect(problems({ ...valid, serviceUrl: 'https://minio.example.com', accessKey: 'ab' })).toEqual([{ field: 'accessKey', code: 'accessKeyLength', namespace: 'S3Storage.validation' }]);
  });

  it('keeps a stored secret for the access key it belongs to only', () => {
    const schema = createPackagesSettingsSchema({ storedSecrets: ['secretKey'], saved: { accessKey: valid.accessKey } });
    const blank = { ...valid, secretKey: '' };
    expect(schema.safeParse({ ...blank, serviceUrl: 'https://s3.eu-west-1.amazonaws.com', bucket: 'another-bucket' }).success).toBe(true);
    const parsed = schema.safeParse({ ...blank, accessKey: 'AKIAIOSFODNN7OTHERKY' });
    expect(parsed.success ? [] : fieldProblems(parsed.error)).toEqual([{ field: 'secretKey', code: 'secretKeyRequiredForChange', namespace: 'S3Storage.validation' }]);
    expect(schema.safeParse({ ...blank, accessKey: 'AKIAIOSFODNN7OTHERKY', secretKey: 'the new secret' }).success).toBe(true);
  });

  it('keeps a stored secret when the secret field is blank', () => {
    expect(problems({ ...valid, secretKey: '' }, true)).toEqual([]);
    expect(problems({ ...valid, secretKey: '' }, false)).toEqual([{ field: 'secretKey', code: 'secretKeyRequired', namespace: 'S3Storage.validation' }]);
  });

  it('limits the secret to 256 characters', () => {
    expect(problems({ ...valid, secretKey: 'x'.repeat(256) })).toEqual([]);
    expect(problems({ ...valid, secretKey: 'x'.repeat(257) })).toEqual([{ field: 'secretKey', code: 'secretKeyLength', namespace: 'S3Storage.validation' }]);
  });

  it('does not require or validate storage fields when Packages is disabled', () => {
    expect(problems({ enabled: false, serviceUrl: 'not a url', bucket: 'X', version: 0 })).toEqual([]);
  });

  it('rejects unknown fields, wrong types, control characters and huge values', () => {
    expect(problems({ ...valid, admin: true })).toEqual([{ field: null, code: 'unknownField' }]);
    expect(problems({ ...valid, enabled: 'yes' })).toEqual([{ field: 'enabled', code: 'enabledInvalid' }]);
    expect(problems({ ...valid, bucket: 42 })).toEqual([{ field: 'bucket', code: 'required' }]);
    expect(problems({ ...valid, bucket: 'ghe\u0000packages' })).toEqual([{ field: 'bucket', code: 'controlCharacters' }]);
    expect(problems({ ...valid, accessKey: 'A'.repeat(10_000) })).toEqual([{ field: 'accessKey', code: 'tooLong' }]);
    expect(problems({ ...valid, version: -1 })).toEqual([{ field: null, code: 'versionInvalid' }]);
  });

  it('validates the advanced options', () => {
    expect(problems({ ...valid, region: 'eu-central-1' })).toEqual([]);
    expect(problems({ ...valid, region: 'EU Central' })).toEqual([{ field: 'region', code: 'regionInvalid', namespace: 'S3Storage.validation' }]);
    expect(problems({ ...valid, pathStyle: 'sideways' })).toEqual([{ field: 'pathStyle', code: 'pathStyleInvalid', namespace: 'S3Storage.validation' }]);
  });
});
