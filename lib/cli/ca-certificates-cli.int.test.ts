import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '@/lib/testing/run-cli';
import { bucketName, createBucket, leftovers, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { makeTestCerts, type TestCerts } from '@/lib/testing/test-certs';
import { startTestProxy, type TestProxy } from '@/lib/testing/test-proxy';
import { startTlsRelay, type TlsRelay } from '@/lib/testing/tls-relay';

// Trusted CA certificates through the CLI, against the Ceph gateway behind TLS: saved from stdin,
// refused when not a CA, used by `storage check --ca-file`, and the proxy named in the JSON.

let owner: S3Client;
let bucket = '';
let certs: TestCerts;
let relay: TlsRelay;
let proxy: TestProxy;
let dataDir = '';

const cli = (args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<CliRun> =>
  runCli(args, { env: { CONSOLE_DATA_DIR: dataDir, CONSOLE_S3_SECRET_KEY: s3Env.user('PROBE').secretKey, ...options.env }, stdin: options.stdin });

const checkArgs = () => ['storage', 'check', '--service-url', `https://localhost:${relay.port}`, '--bucket', bucket, '--access-key', s3Env.user('PROBE').accessKey, '--path-style', 'path', '--json'];

beforeAll(async () => {
  owner = ownerClient();
  bucket = bucketName('cli-ca');
  await createBucket(owner, bucket);
  certs = makeTestCerts();
  relay = await startTlsRelay(s3Env.endpoint, certs.pem('valid'), certs.key('valid'));
  proxy = startTestProxy('cli');
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'console-ca-cli-'));
});

afterAll(async () => {
  proxy?.stop();
  await relay?.close();
  if (bucket) {
    expect(await leftovers(owner, bucket)).toEqual([]);
    await removeBucket(owner, bucket);
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('config set app.packages.ca-certificates', () => {
  it('saves PEM from stdin, prints it back and audits the key, never the value', async () => {
    const set = await cli(['config', 'set', 'app.packages.ca-certificates'], { stdin: certs.pem('ca') });
    expect(set.stderr).toContain('Saved app.packages.ca-certificates');
    expect(set.code).toBe(0);
    const get = await cli(['config', 'get', 'app.packages.ca-certificates']);
    expect(get.stdout.trim()).toBe(certs.pem('ca').trim());
    const list = (await cli(['config', 'list'])).stdout.split('\n');
    expect(list.filter((line) => line.startsWith('app.packages.ca-certificates='))).toEqual([`app.packages.ca-certificates=${certs.pem('ca').trim().replace(/\n/g, '\\n')}`]);
    const audit = await readFile(path.join(dataDir, 'audit.log'), 'utf8');
    expect(audit).toContain('app.packages.ca-certificates');
    expect(audit).not.toContain('BEGIN CERTIFICATE');
  });

  it('refuses a server certificate, saying it is not a CA, and keeps the saved one', async () => {
    const set = await cli(['config', 'set', 'app.packages.ca-certificates'], { stdin: certs.pem('valid') });
    expect(set.code).toBe(2);
    expect(set.stderr).toContain('is not a CA certificate');
    expect((await cli(['config', 'get', 'app.packages.ca-certificates'])).stdout.trim()).toBe(certs.pem('ca').trim());
  });
});

describe('storage check over TLS', () => {
  it('names the unknown CA on the service URL, then passes with --ca-file', async () => {
    const bare = await cli(checkArgs());
    expect(bare.code).toBe(1);
    const failed = JSON.parse(bare.stdout) as { ok: boolean; errors: { code: string; field: string; message: string }[] };
    expect(failed.errors).toEqual([expect.objectContaining({ code: 'tlsUnknownCa', field: 'serviceUrl' })]);
    expect(failed.errors[0]!.message).toContain('Console Test Root CA');
    expect(failed.errors[0]!.message).toContain('Trusted CA certificates');

    const caFile = path.join(certs.dir, 'ca.pem');
    const passed = await cli([...checkArgs(), '--ca-file', caFile]);
    expect(passed.stderr).toBe('');
    expect(JSON.parse(passed.stdout)).toMatchObject({ ok: true, errors: [], warnings: [] });
    expect(passed.code).toBe(0);
  });

  it('says which proxy it went through, and points a refused proxy login at the proxy', async () => {
    const through = await cli([...checkArgs(), '--ca-file', path.join(certs.dir, 'ca.pem')], { env: { HTTPS_PROXY: proxy.url } });
    expect(JSON.parse(through.stdout)).toMatchObject({ ok: true, proxy: proxy.label });
    const auth = startTestProxy('cli-auth', { auth: 'console:cli-proxy-secret' });
    try {
      const denied = await cli([...checkArgs(), '--ca-file', path.join(certs.dir, 'ca.pem')], { env: { HTTPS_PROXY: auth.url } });
      expect(denied.code).toBe(1);
      const json = JSON.parse(denied.stdout) as { errors: { code: string; field: string; message: string }[] };
      expect(json.errors).toEqual([expect.objectContaining({ code: 'proxyAuthRequired', field: 'proxy' })]);
      expect(json.errors[0]!.message).toContain(auth.label);
    } finally {
      auth.stop();
    }
  });

  it('refuses a --ca-file that is not PEM as a usage error on the CA field', async () => {
    const result = await cli([...checkArgs(), '--ca-file', path.join(certs.dir, 'valid.key')]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, errors: [{ code: 'caPrivateKey', field: 'caCertificates' }] });
  });
});
