import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyError } from './classify-error';
import { checkErrorLogLine } from './log-check-error';

// The errors the SDK really throws for answers that are not (or not quite) S3: a local server plays
// a web console, a plain web server, a proxy, and MinIO's console port; the SDK parses its answers.

const ACCESS_KEY = 'AKIAEXAMPLEACCESS001';
const SECRET_KEY = 'secret/Example+Key0000000000000000000000';
const xml = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message} ${ACCESS_KEY}</Message><RequestId>REQ42</RequestId></Error>`;
const awsDenied = (message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>${message.replace(/"/g, '&quot;')}</Message><RequestId>REQ42</RequestId></Error>`;
const HTML = { 'content-type': 'text/html; charset=utf-8' };
const XML = { 'content-type': 'application/xml', 'x-amz-request-id': 'REQ42', 'x-amz-id-2': 'aG9zdGlk+/=' };

/** Bucket name -> [status, headers, body]; the check's ListObjectsV2 asks for that bucket. */
const ANSWERS: Record<string, [number, Record<string, string>, string]> = {
  'html-404': [404, HTML, '<html><body><h1>404 Not Found</h1></body></html>'],
  'html-405': [405, HTML, '<html><body><h1>405 Method Not Allowed</h1></body></html>'],
  'html-403': [403, HTML, '<html><body>Forbidden by the web application firewall</body></html>'],
  'html-301': [301, { ...HTML, location: 'https://example.com/' }, '<html><body>Moved</body></html>'],
  'text-404': [404, { 'content-type': 'text/plain' }, '404 page not found\n'],
  'json-403': [403, { 'content-type': 'application/json' }, '{"error":"forbidden"}'],
  'minio-console': [400, XML, xml('InvalidArgument', 'S3 API Requests must be made to API port.')],
  'minio-console-2022': [403, XML, xml('AccessDenied', 'S3 API Request made to Console port. S3 Requests should be sent to API port.')],
  'nginx-502': [502, HTML, '<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>'],
  'envoy-503': [503, { 'content-type': 'text/plain' }, 'no healthy upstream'],
  'empty-504': [504, {}, ''],
  'internal-error': [500, XML, xml('InternalError', 'We encountered an internal error.')],
  'slow-down': [503, XML, xml('SlowDown', 'Please reduce your request rate.')],
  'access-denied': [403, XML, xml('AccessDenied', 'Access Denied')],
  // AWS's AccessDenied messages name the policy type that denied (its "Access denied error messages" page).
  'vpce-implicit': [403, XML, awsDenied('User: arn:aws:iam::123456789012:user/x is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::bucket/key" because no VPC endpoint policy allows the s3:GetObject action')],
  'vpce-explicit': [403, XML, awsDenied('User: arn:aws:sts::123456789012:assumed-role/packages/console is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::bucket" with an explicit deny in a VPC endpoint policy')],
  'identity-implicit': [403, XML, awsDenied('User: arn:aws:iam::123456789012:user/x is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::bucket/key" because no identity-based policy allows the s3:GetObject action')],
  'scp-explicit': [403, XML, awsDenied('User: arn:aws:iam::123456789012:user/x is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::bucket/key" with an explicit deny in a service control policy')],
};

let server: http.Server;
let serviceUrl = '';
let client: S3Client;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const [status, headers, body] = ANSWERS[(req.url ?? '').split(/[/?]/)[1] ?? ''] ?? [500, {}, ''];
    req.resume().on('end', () => res.writeHead(status, headers).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new S3Client({
    endpoint: serviceUrl,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await new Promise((resolve) => server.close(resolve));
});

async function sdkError(bucket: string): Promise<unknown> {
  try {
    await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  } catch (error) {
    return error;
  }
  throw new Error(`${bucket} did not fail`);
}

describe('classifyError on errors the SDK throws', () => {
  it.each([
    ['html-404', 'notS3Endpoint', '404'],
    ['html-405', 'notS3Endpoint', '405'],
    ['html-403', 'notS3Endpoint', '403'],
    ['text-404', 'notS3Endpoint', '404'],
    ['json-403', 'notS3Endpoint', '403'],
    ['minio-console', 'notS3Endpoint', '400'],
    ['minio-console-2022', 'notS3Endpoint', '403'],
    ['nginx-502', 'endpointGatewayError', '502'],
    ['envoy-503', 'endpointGatewayError', '503'],
    ['empty-504', 'endpointGatewayError', '504'],
  ])('%s -> %s (HTTP %s) on the service URL, with host:port, fatal', async (bucket, code, status) => {
    const host = new URL(serviceUrl).host;
    const result = classifyError(await sdkError(bucket), { serviceUrl, region: 'us-east-1', timeoutMs: 5000, permission: 's3:ListBucket' });
    expect(result).toEqual({ fatal: true, issue: { code, field: 'serviceUrl', params: { host, status } } });
  });

  it('a redirecting web page is a redirect, naming where it points', async () => {
    const host = new URL(serviceUrl).host;
    const result = classifyError(await sdkError('html-301'), { serviceUrl, region: 'us-east-1', timeoutMs: 5000, permission: 's3:ListBucket' });
    expect(result).toEqual({ fatal: true, issue: { code: 'endpointRedirect', field: 'serviceUrl', params: { host, status: '301', location: 'https://example.com' } } });
  });

  it('an S3 InternalError is the store failing that request, for that permission only', async () => {
    const host = new URL(serviceUrl).host;
    const result = classifyError(await sdkError('internal-error'), { serviceUrl, region: 'us-east-1', timeoutMs: 5000, permission: 's3:ListBucket' });
    expect(result).toEqual({ fatal: false, issue: { code: 'endpointServerError', field: null, permission: 's3:ListBucket', params: { host, code: 'InternalError', status: '500' } } });
  });

  it('an S3 SlowDown is throttling, on the service URL', async () => {
    const host = new URL(serviceUrl).host;
    const result = classifyError(await sdkError('slow-down'), { serviceUrl, region: 'us-east-1', timeoutMs: 5000, permission: 's3:ListBucket' });
    expect(result).toEqual({ fatal: true, issue: { code: 'endpointThrottled', field: 'serviceUrl', params: { host, status: '503' } } });
  });

  it.each([
    ['vpce-implicit', 'vpcEndpointDenied'],
    ['vpce-explicit', 'vpcEndpointDenied'],
    ['identity-implicit', 'permissionDenied'],
    ['scp-explicit', 'permissionDenied'],
  ])('AWS AccessDenied %s -> %s, for that permission only', async (bucket, code) => {
    const result = classifyError(await sdkError(bucket), { serviceUrl, region: 'us-east-1', timeoutMs: 5000, permission: 's3:GetObject' });
    expect(result).toEqual({ fatal: false, issue: { code, field: null, permission: 's3:GetObject' } });
  });

  it('a real S3 AccessDenied stays a denied permission', async () => {
    const result = classifyError(await sdkError('access-denied'), { serviceUrl, region: 'us-east-1', timeoutMs: 5000, permission: 's3:ListBucket' });
    expect(result.issue.code).toBe('permissionDenied');
  });

  it('logs name, status and request IDs, and nothing of the message, the keys or the signature', async () => {
    const error = await sdkError('internal-error');
    const issue = classifyError(error, { serviceUrl, region: 'us-east-1', timeoutMs: 5000 }).issue;
    const line = checkErrorLogLine(error, serviceUrl, issue, 's3:ListBucket');
    expect(line).toBe(
      `Storage check: s3:ListBucket at ${new URL(serviceUrl).host}: endpointServerError; error InternalError, HTTP 500, ` +
        'content type application/xml, request ID REQ42, extended request ID aG9zdGlk+/=',
    );
    const html = await sdkError('html-404');
    const htmlLine = checkErrorLogLine(html, serviceUrl, classifyError(html, { serviceUrl, region: 'us-east-1', timeoutMs: 5000 }).issue);
    expect(htmlLine).toContain('notS3Endpoint; error NotFound, HTTP 404, content type text/html, request ID (none)');
    for (const text of [line, htmlLine]) {
      expect(text).not.toMatch(/AKIA|secret|Signature|internal error|Credential/i);
    }
  });
});
