import { describe, expect, it } from 'vitest';
import { classifyError, isServerRejection, type ClassifyContext } from './classify-error';

const ctx: ClassifyContext = { serviceUrl: 'https://s3.us-east-1.amazonaws.com', region: 'us-east-1', timeoutMs: 10_000 };
const SECRETISH = 'AKIAEXAMPLEKEY123456 wJalrXUtnFEMI/K7MDENG';

/** Shaped like an SDK ServiceException: name and Code = S3 error code, HTTP status in $metadata, raw response hidden. */
function s3Error(name: string, status: number, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const fields = { name, Code: name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, ...extra };
  const error = Object.assign(new Error(`${name}: ${SECRETISH}`), fields);
  Object.defineProperty(error, '$response', { value: { statusCode: status, headers }, enumerable: false });
  return error;
}

function nodeError(code: string, name = 'Error') {
  return Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code, name });
}

describe('classifyError: connection level', () => {
  it.each([
    ['ECONNREFUSED', 'endpointRefused'],
    ['ENOTFOUND', 'endpointNotFound'],
    ['EAI_AGAIN', 'endpointNotFound'],
    ['ETIMEDOUT', 'endpointTimeout'],
    ['ECONNRESET', 'endpointClosed'],
    ['EPIPE', 'endpointClosed'],
    ['UND_ERR_SOCKET', 'endpointClosed'],
    ['EHOSTUNREACH', 'endpointUnreachable'],
    ['HPE_INVALID_CONSTANT', 'endpointNotHttp'],
    ['HPE_INVALID_VERSION', 'endpointNotHttp'],
    ['CERT_HAS_EXPIRED', 'endpointTls'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'endpointTls'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'endpointTls'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'endpointTls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'endpointTls'],
    ['EPROTO', 'endpointTlsHandshake'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'endpointTlsHandshake'],
  ])('%s -> %s on the service URL, reported once', (code, expected) => {
    const { fatal, issue } = classifyError(nodeError(code), { ...ctx, permission: 's3:GetObject' });
    expect(fatal).toBe(true);
    expect(issue.code).toBe(expected);
    expect(issue.field).toBe('serviceUrl');
    expect(issue.permission).toBeUndefined();
    expect(issue.params?.host).toBe('s3.us-east-1.amazonaws.com');
  });

  it.each([
    ['ECONNREFUSED', '127.0.0.1:9001'],
    ['ETIMEDOUT', '127.0.0.1:9001'],
    ['ECONNRESET', '127.0.0.1:9001'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', '127.0.0.1:9001'],
    ['EPROTO', '127.0.0.1:9001'],
    // A host name that does not resolve has no port worth checking.
    ['ENOTFOUND', '127.0.0.1'],
  ])('%s names the host as %s when the URL has a port', (code, host) => {
    expect(classifyError(nodeError(code), { ...ctx, serviceUrl: 'http://127.0.0.1:9001' }).issue.params?.host).toBe(host);
  });

  it('looks inside AggregateError (happy eyeballs) and fetch causes', () => {
    const aggregate = new AggregateError([nodeError('ECONNREFUSED'), nodeError('ECONNREFUSED')], 'connect failed');
    expect(classifyError(aggregate, ctx).issue.code).toBe('endpointRefused');
    const fetchFailure = new TypeError('fetch failed', { cause: nodeError('UNABLE_TO_GET_ISSUER_CERT_LOCALLY') });
    expect(classifyError(fetchFailure, ctx).issue.code).toBe('endpointTls');
  });

  it('handler timeouts and deadline aborts are timeouts, with the limit in seconds', () => {
    const handler = Object.assign(new Error('socket did not connect'), { name: 'TimeoutError' });
    expect(classifyError(handler, { ...ctx, timeoutMs: 2000 }).issue).toEqual({
      code: 'endpointTimeout',
      field: 'serviceUrl',
      params: { host: 's3.us-east-1.amazonaws.com', seconds: '2' },
    });
    const abort = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    expect(classifyError(abort, { ...ctx, timedOut: true }).issue.code).toBe('endpointTimeout');
  });

  it('an abort by the caller is a cancellation, not an endpoint problem', () => {
    const abort = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    expect(classifyError(abort, { ...ctx, cancelled: true })).toEqual({ fatal: true, issue: { code: 'checkCancelled', field: null } });
  });
});

describe('classifyError: S3 errors', () => {
  it.each([
    ['InvalidAccessKeyId', 403, 'accessKeyUnknown', 'accessKey'],
    ['UserSuspended', 403, 'accessKeyDisabled', 'accessKey'],
    ['SignatureDoesNotMatch', 403, 'secretKeyMismatch', 'secretKey'],
    ['NoSuchBucket', 404, 'bucketMissing', 'bucket'],
    ['RequestTimeTooSkewed', 403, 'clockSkewed', 'clock'],
  ])('%s -> %s on %s, fatal', (name, status, code, field) => {
    const result = classifyError(s3Error(name, status), { ...ctx, permission: 's3:PutObject' });
    expect(result).toEqual({ fatal: true, issue: { code, field } });
  });

  it('PermanentRedirect names the region from x-amz-bucket-region and suggests its URL', () => {
    const error = s3Error('PermanentRedirect', 301, {}, { 'x-amz-bucket-region': 'eu-west-1' });
    expect(classifyError(error, ctx)).toEqual({
      fatal: true,
      issue: { code: 'wrongRegion', field: 'serviceUrl', params: { region: 'eu-west-1', suggestedUrl: 'https://s3.eu-west-1.amazonaws.com' } },
    });
  });

  it('AuthorizationHeaderMalformed uses the Region from the error body', () => {
    const error = s3Error('AuthorizationHeaderMalformed', 400, { Region: 'ap-southeast-2' });
    expect(classifyError(error, ctx).issue.params).toEqual({ region: 'ap-southeast-2', suggestedUrl: 'https://s3.ap-southeast-2.amazonaws.com' });
  });

  it.each([
    ['https://s3.dualstack.us-east-1.amazonaws.com', 'https://s3.dualstack.eu-west-1.amazonaws.com'],
    ['https://s3-fips.us-east-2.amazonaws.com', 'https://s3.eu-west-1.amazonaws.com'],
    ['https://s3-us-east-1.amazonaws.com', 'https://s3.eu-west-1.amazonaws.com'],
  ])('the suggested URL for a bucket in eu-west-1 follows the variant of %s', (serviceUrl, suggestedUrl) => {
    const error = s3Error('PermanentRedirect', 301, {}, { 'x-amz-bucket-region': 'eu-west-1' });
    expect(classifyError(error, { ...ctx, serviceUrl }).issue.params?.suggestedUrl).toBe(suggestedUrl);
  });

  it('a bucket in China is suggested under amazonaws.com.cn', () => {
    const error = s3Error('AuthorizationHeaderMalformed', 400, { Region: 'cn-northwest-1' });
    const serviceUrl = 'https://s3.cn-north-1.amazonaws.com.cn';
    expect(classifyError(error, { ...ctx, serviceUrl, region: 'cn-north-1' }).issue.params?.suggestedUrl).toBe('https://s3.cn-northwest-1.amazonaws.com.cn');
  });

  it('a store that is not AWS gets no AWS URL, only the region to set', () => {
    const error = s3Error('AuthorizationHeaderMalformed', 400, { Region: 'eu-west-1' });
    expect(classifyError(error, { ...ctx, serviceUrl: 'https://minio.example.com:9000' }).issue).toEqual({
      code: 'wrongRegionSetField',
      field: 'serviceUrl',
      params: { region: 'eu-west-1' },
    });
  });

  it('a bare 301 without a region still says "wrong region"', () => {
    expect(classifyError(s3Error('301', 301), ctx).issue).toEqual({ code: 'wrongRegionUnknown', field: 'serviceUrl' });
  });

  it('a 400 whose x-amz-bucket-region differs from the signing region is a wrong region', () => {
    const error = s3Error('BadRequest', 400, {}, { 'X-Amz-Bucket-Region': 'us-west-2' });
    expect(classifyError(error, ctx).issue.code).toBe('wrongRegion');
  });

  it('AccessDenied fails only the probed permission', () => {
    const error = s3Error('AccessDenied', 403, {}, { 'x-amz-bucket-region': 'us-east-1' });
    expect(classifyError(error, { ...ctx, permission: 's3:ListBucket' })).toEqual({
      fatal: false,
      issue: { code: 'permissionDenied', field: null, permission: 's3:ListBucket' },
    });
  });

  it('any other S3 error is "unexpectedAnswer" with its name and HTTP status, never the message', () => {
    const { fatal, issue } = classifyError(s3Error('InvalidRequest', 400), { ...ctx, permission: 's3:GetObject' });
    expect(fatal).toBe(false);
    expect(issue).toEqual({ code: 'unexpectedAnswer', field: null, permission: 's3:GetObject', params: { code: 'InvalidRequest', status: '400' } });
    expect(JSON.stringify(issue)).not.toContain('AKIA');
  });

  it('an S3 error with a 5xx status is the store failing that request, with its name and status', () => {
    const { fatal, issue } = classifyError(s3Error('InternalError', 500), { ...ctx, permission: 's3:GetObject' });
    expect(fatal).toBe(false);
    expect(issue).toEqual({
      code: 'endpointServerError', field: null, permission: 's3:GetObject',
      params: { host: 's3.us-east-1.amazonaws.com', code: 'InternalError', status: '500' },
    });
  });

  it.each([
    ['SlowDown', 503],
    ['ServiceUnavailable', 503],
    ['ThrottlingException', 400],
    ['TooManyRequests', 429],
  ])('%s (HTTP %s) is throttling on the service URL, reported once', (name, status) => {
    expect(classifyError(s3Error(name, status), { ...ctx, permission: 's3:GetObject' })).toEqual({
      fatal: true,
      issue: { code: 'endpointThrottled', field: 'serviceUrl', params: { host: 's3.us-east-1.amazonaws.com', status: String(status) } },
    });
  });

  it('a redirect without an S3 error names only the origin it points to', () => {
    const moved = s3Error('Error', 307, { Code: undefined }, { location: 'https://login.example.com/sso?token=abc' });
    expect(classifyError(moved, ctx).issue).toEqual({
      code: 'endpointRedirect', field: 'serviceUrl', params: { host: 's3.us-east-1.amazonaws.com', status: '307', location: 'https://login.example.com' },
    });
  });

  it('a closed connection after the deadline fired is the timeout, not the server', () => {
    expect(classifyError(nodeError('ECONNRESET', 'TimeoutError'), ctx).issue.code).toBe('endpointClosed');
    expect(classifyError(nodeError('ECONNRESET', 'TimeoutError'), { ...ctx, timedOut: true }).issue.code).toBe('endpointTimeout');
  });

  it('a name that is not a plain identifier is not echoed, and no English "Unknown" stands in for it', () => {
    const error = s3Error(`weird ${SECRETISH}`, 500);
    expect(classifyError(error, ctx).issue).toEqual({ code: 'unexpectedUnnamed', field: null });
    expect(classifyError('boom', ctx).issue).toEqual({ code: 'unexpectedUnnamed', field: null });
    expect(classifyError(new Error(SECRETISH), ctx).issue).toEqual({ code: 'unexpectedUnnamed', field: null });
  });

  it('an error without an HTTP answer is named by its error name or Node code', () => {
    expect(classifyError(new TypeError('x is undefined'), ctx).issue).toEqual({ code: 'unexpected', field: null, params: { code: 'TypeError' } });
    expect(classifyError(nodeError('ERR_INVALID_CHAR'), ctx).issue.params).toEqual({ code: 'ERR_INVALID_CHAR' });
  });

  it('socket codes in the cause do not override an HTTP answer', () => {
    const error = s3Error('SlowDown', 503, { cause: nodeError('ECONNRESET') });
    expect(classifyError(error, ctx).issue.code).toBe('endpointThrottled');
  });
});

describe('isServerRejection', () => {
  it('is true only when the server answered', () => {
    expect(isServerRejection(s3Error('AccessDenied', 403))).toBe(true);
    expect(isServerRejection(nodeError('ECONNRESET'))).toBe(false);
    expect(isServerRejection(undefined)).toBe(false);
  });
});
