import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { runStorageCheck } from './run-storage-check';
import { createCheckClient } from './s3-client';
import { S3_PERMISSIONS as PERMISSIONS } from '@/lib/storage/s3/type';
import { type StorageTarget } from './target';

// The check pointed at a web server instead of an S3 API (MinIO's console port, a reverse proxy's
// default page): it must fail on the service URL, not pass permissions against a page.

let status = 200;
let page = '<!doctype html><title>Console</title><div id="root"></div>';
let server: http.Server;
let serviceUrl = '';
const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume().on('end', () => res.writeHead(status, { 'content-type': 'text/html', ...(status === 204 ? {} : { 'content-length': Buffer.byteLength(page) }) }).end(page));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  warn.mockClear();
  page = '<!doctype html><title>Console</title><div id="root"></div>';
});

afterAll(async () => {
  warn.mockRestore();
  await new Promise((resolve) => server.close(resolve));
});

function target(): StorageTarget {
  return { serviceUrl, bucket: 'packages', accessKey: 'AKIAEXAMPLEACCESS001', secretKey: 'web-page-secret-key-000000000000000000000', region: '', pathStyle: 'auto' };
}

describe('runStorageCheck against a web page', () => {
  it.each([200, 404, 405])('HTTP %i with HTML fails once on the service URL and runs nothing else', async (answer) => {
    status = answer;
    const result = await runStorageCheck(target(), { reuseCleanupProof: false });
    const host = new URL(serviceUrl).host;
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([{ code: 'notS3Endpoint', field: 'serviceUrl', params: { host, status: String(answer) } }]);
    expect(result.permissions).toEqual(PERMISSIONS.map((permission) => ({ permission, status: 'not-run', code: 'notS3Endpoint' })));
    expect(result.warnings).toEqual([]);
  });

  it('leaves one log line per failed request, without keys or signature', async () => {
    status = 200;
    await runStorageCheck(target(), { reuseCleanupProof: false });
    const lines = warn.mock.calls.map((call) => String(call[0]));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatch(/^Storage check: \S+ at 127\.0\.0\.1:\d+: notS3Endpoint; error WebPageAnswer, HTTP 200, content type text\/html/);
      expect(line).not.toMatch(/AKIA|web-page-secret|Signature|Credential/);
    }
  });

  it('takes an empty answer labelled text/html as the empty answer it is', async () => {
    status = 204;
    page = '';
    const client = createCheckClient(target(), 5000);
    try {
      await expect(client.send(new DeleteObjectCommand({ Bucket: 'packages', Key: 'probe' }))).resolves.toBeDefined();
      status = 200;
      await expect(client.send(new DeleteObjectCommand({ Bucket: 'packages', Key: 'probe' }))).resolves.toBeDefined();
      page = '<html>not empty</html>';
      status = 200;
      await expect(client.send(new DeleteObjectCommand({ Bucket: 'packages', Key: 'probe' }))).rejects.toMatchObject({ name: 'WebPageAnswer' });
    } finally {
      client.destroy();
    }
  });
});
