import { describe, expect, it } from 'vitest';
import { ProxyTunnelError } from '@/lib/network/proxy-tunnel';
import { classifyAzureError, type AzureClassifyContext } from './classify-error';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const ctx: AzureClassifyContext = { blobEndpoint: 'https://pkgstore.blob.core.windows.net', credential: 'accountKey', timeoutMs: 10_000, now: NOW, permission: 'Put Blob' };

/** The shape @azure/storage-blob's RestError has after an HTTP answer. */
function answer(status: number, code: string | undefined, headers: Record<string, string> = {}, message = ''): unknown {
  const all: Record<string, string> = { 'x-ms-request-id': 'req-1', date: new Date(NOW).toUTCString(), 'content-type': 'application/xml', ...headers };
  if (code) all['x-ms-error-code'] = code;
  return Object.assign(new Error(message), { name: 'RestError', code, statusCode: status, response: { headers: { get: (name: string) => all[name] } } });
}

const network = (code: string) => Object.assign(new Error(`connect ${code}`), { name: 'RestError', code });

describe('classifyAzureError', () => {
  it('blames the proxy, with its status, when the SDK kept only the code of a failed tunnel', () => {
    const failure = new ProxyTunnelError('ERR_PROXY_CONNECT_REFUSED', 'proxy.corp:3128', 403);
    const kept = network('ERR_PROXY_CONNECT_REFUSED');
    expect(classifyAzureError(kept, { ...ctx, proxyFailure: failure })).toEqual({
      fatal: true,
      issue: { code: 'proxyConnectRefused', field: 'proxy', params: { proxy: 'proxy.corp:3128', status: '403' } },
    });
    // Without the tunnel's own error there is no proxy to name: not a proxy issue then.
    expect(classifyAzureError(kept, ctx).issue.field).not.toBe('proxy');
  });

  it('tells a wrong account key from a skewed clock by the Date of the answer', () => {
    expect(classifyAzureError(answer(403, 'AuthenticationFailed'), ctx)).toEqual({ fatal: true, issue: { code: 'accountKeyMismatch', field: 'azureConnectionString' } });
    const late = answer(403, 'AuthenticationFailed', { date: new Date(NOW + 20 * 60_000).toUTCString() });
    expect(classifyAzureError(late, ctx)).toEqual({ fatal: true, issue: { code: 'clockSkewed', field: 'clock' } });
    const slightlyLate = answer(403, 'AuthenticationFailed', { date: new Date(NOW + 10 * 60_000).toUTCString() });
    expect(classifyAzureError(slightlyLate, ctx).issue.code).toBe('accountKeyMismatch');
  });

  it('names the SAS when a SAS was rejected', () => {
    expect(classifyAzureError(answer(403, 'AuthenticationFailed'), { ...ctx, credential: 'sas' }).issue.code).toBe('sasRejected');
  });

  it('reads Azurite\'s AuthorizationFailure with the authentication text as an authentication failure, and otherwise as a denial', () => {
    const azurite = answer(403, 'AuthorizationFailure', {}, 'Server failed to authenticate the request. Make sure the value of the Authorization header is formed correctly.');
    expect(classifyAzureError(azurite, ctx).issue.code).toBe('accountKeyMismatch');
    const firewall = answer(403, 'AuthorizationFailure', {}, 'This request is not authorized to perform this operation.');
    expect(classifyAzureError(firewall, ctx)).toEqual({ fatal: false, issue: { code: 'permissionDenied', field: null, permission: 'Put Blob' } });
  });

  it.each(['AuthorizationPermissionMismatch', 'AuthorizationResourceTypeMismatch', 'AuthorizationServiceMismatch'])('puts %s on the one row', (code) => {
    expect(classifyAzureError(answer(403, code), ctx)).toEqual({ fatal: false, issue: { code: 'permissionDenied', field: null, permission: 'Put Blob' } });
  });

  it('sends a missing container to the container field, a disabled account to the connection string', () => {
    expect(classifyAzureError(answer(404, 'ContainerNotFound'), ctx)).toEqual({ fatal: true, issue: { code: 'containerMissing', field: 'azureContainerName' } });
    expect(classifyAzureError(answer(403, 'AccountIsDisabled'), ctx).issue).toEqual({ code: 'accountDisabled', field: 'azureConnectionString' });
  });

  it('recognises a web page, another service and a gateway error', () => {
    const page = answer(200, undefined, { 'content-type': 'text/html; charset=utf-8' });
    expect(classifyAzureError(page, ctx)).toEqual({ fatal: true, issue: { code: 'notBlobEndpoint', field: 'azureConnectionString', params: { host: 'pkgstore.blob.core.windows.net', status: '200' } } });
    const s3 = Object.assign(new Error(''), { statusCode: 403, code: undefined, response: { headers: { get: (name: string) => ({ 'x-amz-request-id': 'x' })[name] } } });
    expect(classifyAzureError(s3, ctx).issue.code).toBe('notBlobEndpoint');
    const gateway = Object.assign(new Error(''), { statusCode: 502, response: { headers: { get: () => undefined } } });
    expect(classifyAzureError(gateway, ctx).issue).toMatchObject({ code: 'endpointGatewayError', params: { status: '502' } });
    expect(classifyAzureError(Object.assign(new Error(''), { code: 'PARSE_ERROR', statusCode: 200 }), ctx).issue.code).toBe('notBlobEndpoint');
  });

  it.each([
    ['ECONNREFUSED', 'endpointRefused', { host: 'pkgstore.blob.core.windows.net' }],
    ['ENOTFOUND', 'endpointNotFound', { host: 'pkgstore.blob.core.windows.net' }],
    ['CERT_HAS_EXPIRED', 'endpointTls', { host: 'pkgstore.blob.core.windows.net' }],
    ['EPROTO', 'endpointTlsHandshake', { host: 'pkgstore.blob.core.windows.net' }],
    ['ETIMEDOUT', 'endpointTimeout', { host: 'pkgstore.blob.core.windows.net', seconds: '10' }],
    ['ECONNRESET', 'endpointClosed', { host: 'pkgstore.blob.core.windows.net' }],
    ['HPE_INVALID_CONSTANT', 'endpointNotHttp', { host: 'pkgstore.blob.core.windows.net' }],
    ['EHOSTUNREACH', 'endpointUnreachable', { host: 'pkgstore.blob.core.windows.net' }],
  ])('puts the network error %s on the connection string', (code, expected, params) => {
    expect(classifyAzureError(network(code), ctx)).toEqual({ fatal: true, issue: { code: expected, field: 'azureConnectionString', params } });
  });

  it('reads a reset after our own deadline as a timeout, and a body cut short as a closed connection', () => {
    expect(classifyAzureError(network('ECONNRESET'), { ...ctx, timedOut: true }).issue.code).toBe('endpointUnreachable');
    const cut = Object.assign(new Error('Error reading response as text: aborted'), { name: 'RestError', code: 'PARSE_ERROR' });
    expect(classifyAzureError(cut, ctx).issue).toEqual({ code: 'endpointClosed', field: 'azureConnectionString', params: { host: 'pkgstore.blob.core.windows.net' } });
    expect(classifyAzureError(cut, { ...ctx, timedOut: true }).issue).toEqual({ code: 'endpointTimeout', field: 'azureConnectionString', params: { host: 'pkgstore.blob.core.windows.net', seconds: '10' } });
  });

  it('recognises throttling and a redirect to another origin', () => {
    const host = 'pkgstore.blob.core.windows.net';
    expect(classifyAzureError(answer(503, 'ServerBusy'), ctx).issue).toEqual({ code: 'endpointThrottled', field: 'azureConnectionString', params: { host, status: '503' } });
    const proxy = Object.assign(new Error(''), { statusCode: 429, response: { headers: { get: () => undefined } } });
    expect(classifyAzureError(proxy, ctx).issue).toMatchObject({ code: 'endpointThrottled', params: { status: '429' } });
    const moved = Object.assign(new Error(''), { statusCode: 301, response: { headers: { get: (name: string) => ({ location: 'https://login.example.com/sso?token=x' })[name] } } });
    expect(classifyAzureError(moved, ctx).issue).toEqual({ code: 'endpointRedirect', field: 'azureConnectionString', params: { host, status: '301', location: 'https://login.example.com' } });
  });

  it('tells a cancelled check from one that ran out of time', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(classifyAzureError(abort, { ...ctx, cancelled: true }).issue).toEqual({ code: 'checkCancelled', field: null });
    expect(classifyAzureError(abort, { ...ctx, timedOut: true }).issue.code).toBe('endpointTimeout');
  });

  it('names an unexpected error by its code only, never by its message', () => {
    const odd = answer(409, 'LeaseIdMissing', {}, 'secret-looking text sig=abc');
    expect(classifyAzureError(odd, ctx)).toEqual({ fatal: false, issue: { code: 'unexpectedAnswer', field: null, permission: 'Put Blob', params: { code: 'LeaseIdMissing', status: '409' } } });
    expect(classifyAzureError(new Error('sig=abc'), ctx).issue).toEqual({ code: 'unexpectedUnnamed', field: null, permission: 'Put Blob' });
  });
});
