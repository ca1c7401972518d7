import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleServer } from '@/lib/testing/console-server';
import { basic, manageClient } from '@/lib/testing/manage-client';
import { ROOT_PASSWORD, startRunConsole } from '@/lib/testing/run-console';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { makeTestCerts, type TestCerts } from '@/lib/testing/test-certs';
import { startTlsRelay, type TlsRelay } from '@/lib/testing/tls-relay';
import fr from '@/messages/fr.json';

// Trusted CA certificates through the Manage API of a real `next start`, with the Ceph gateway behind
// a TLS relay whose certificate comes from a CA made for this run: refused, saved, checked, applied.

let server: ConsoleServer;
let call: ReturnType<typeof manageClient>;
let dataDir = '';
let owner: S3Client;
let relay: TlsRelay;
let certs: TestCerts;
const bucket = bucketName('api-ca');

beforeAll(async () => {
  owner = ownerClient();
  await createBucket(owner, bucket);
  certs = makeTestCerts();
  relay = await startTlsRelay(s3Env.endpoint, certs.pem('valid'), certs.key('valid'));
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'manage-api-ca-'));
  server = await startRunConsole(dataDir);
  const document = await (await fetch(`${server.url}/manage/v1/openapi.json`, { headers: { authorization: basic(ROOT_PASSWORD) } })).json();
  call = manageClient(server.url, document, ROOT_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
  await relay?.close();
  await removeBucket(owner, bucket).catch(() => undefined);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const storage = (extra: Record<string, string> = {}) => ({
  packages: {
    enabled: true,
    service_url: `https://localhost:${relay.port}`,
    s3_bucket: bucket,
    aws_access_key: s3Env.user('PROBE').accessKey,
    aws_secret_key: s3Env.user('PROBE').secretKey,
    s3_path_style: 'path',
    ...extra,
  },
});

describe('ca_certificates in the Manage API', () => {
  it('refuses storage behind an unknown CA, naming its issuer on service_url in the caller’s language', async () => {
    const reply = await call('PUT', '/config/settings', { body: storage(), headers: { 'accept-language': 'fr' } });
    expect(reply.status).toBe(422);
    expect(reply.json.errors).toEqual([{ field: 'service_url', code: 'tlsUnknownCa', message: expect.stringContaining('Console Test Root CA') }]);
    expect((reply.json as { errors: { message: string }[] }).errors[0]!.message).toContain(fr.TrustedCertificates.caCertificates);
  });

  it('refuses a server certificate as a CA, on ca_certificates', async () => {
    const bundle = `${certs.pem('ca')}\n${certs.pem('valid')}`;
    const from = bundle.split('\n').lastIndexOf('-----BEGIN CERTIFICATE-----') + 1;
    const to = bundle.split('\n').lastIndexOf('-----END CERTIFICATE-----') + 1;
    const reply = await call('PUT', '/config/settings', { body: storage({ ca_certificates: bundle }), headers: { 'accept-language': 'fr' } });
    const message = fr.Validation.caNotCa.replace('{index}', '2').replace('{from}', String(from)).replace('{to}', String(to)).replace('{subject}', 'CN=localhost');
    expect(reply).toMatchObject({ status: 422, json: { errors: [{ field: 'ca_certificates', code: 'caNotCa', message }] } });
  });

  it('refuses text around the certificates (a key body without its header) on its line, storing nothing', async () => {
    const before = await readFile(path.join(dataDir, 'settings.json'), 'utf8').catch(() => '');
    const keyBody = certs.key('valid').split('\n').filter((line) => line !== '' && !line.startsWith('-----')).join('\n');
    const ca = certs.pem('ca').trim();
    const reply = await call('PUT', '/config/settings', { body: storage({ ca_certificates: `${ca}\n${keyBody}` }), headers: { 'accept-language': 'fr' } });
    const line = String(ca.split('\n').length + 1);
    expect(reply).toMatchObject({ status: 422, json: { errors: [{ field: 'ca_certificates', code: 'caStrayText', message: fr.Validation.caStrayText.replace('{line}', line) }] } });
    expect(JSON.stringify(reply.json)).not.toContain(keyBody.split('\n')[1]);
    expect(await readFile(path.join(dataDir, 'settings.json'), 'utf8').catch(() => '')).toBe(before);
    expect((await call('GET', '/config/settings')).json).not.toMatchObject({ packages: { ca_certificates: expect.stringContaining(keyBody.split('\n')[1]!) } });
  });

  it('saves the CA, reads it back, checks with it and applies it to the configuration in force', async () => {
    // Comments and blank lines around the certificate are dropped: only the certificate is stored.
    const saved = await call('PUT', '/config/settings', { body: storage({ ca_certificates: `# corporate root\n\n${certs.pem('ca')}\n\n` }) });
    expect(saved.status).toBe(204);
    const read = await call('GET', '/config/settings');
    expect(read.json).toMatchObject({ packages: { ca_certificates: certs.pem('ca').trim() } });
    expect(await readFile(path.join(dataDir, 'settings.json'), 'utf8')).not.toContain('corporate root');
    const check = await call('POST', '/config/storage/check', { headers: { 'accept-language': 'zh' } });
    expect(check.json).toMatchObject({ ok: true, errors: [] });
    const cleared = await call('POST', '/config/storage/check', { body: { packages: { ca_certificates: '' } } });
    expect(cleared.json).toMatchObject({ ok: false, errors: [{ field: 'service_url', code: 'tlsUnknownCa' }] });

    const started = await call('POST', '/config/apply');
    expect(started.status).toBe(202);
    const runId = (started.json as { run_id: string }).run_id;
    let status = (await call('GET', `/config/apply?run_id=${runId}`)).json as { running: boolean };
    for (let attempt = 0; status.running && attempt < 150; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await call('GET', `/config/apply?run_id=${runId}`)).json as { running: boolean };
    }
    expect(status).toMatchObject({ running: false, successful: true });
    const applied = JSON.parse(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8'));
    expect(applied.packages.ca_certificates).toBe(certs.pem('ca').trim());
  });
});
