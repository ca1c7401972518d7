import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '@/lib/migration';
import { parseProxySettings } from '@/lib/network/proxy-env';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { makeTestCerts } from '@/lib/testing/test-certs';
import { startTestProxy } from '@/lib/testing/test-proxy';
import { startTlsRelay } from '@/lib/testing/tls-relay';
import { s3ObjectAccess } from './binding';

// The object reads and whole uploads, as plain signed requests, against Ceph RGW: the gateway checks
// every signature, so a key S3 encodes differently than a URL would, or a wrong secret, shows here.

const bucket = bucketName('object-http');
let owner: S3Client;
const OPTIONS = { proxy: parseProxySettings({}), timeoutMs: 5000 };

const access = (secretKey?: string) => {
  const user = s3Env.user('OWNER');
  return s3ObjectAccess({ serviceUrl: s3Env.endpoint, bucket, accessKey: user.accessKey, secretKey: secretKey ?? user.secretKey, region: s3Env.region, pathStyle: 'path', authMode: 'keys' }, OPTIONS);
};

beforeAll(async () => {
  owner = ownerClient();
  await createBucket(owner, bucket);
});

afterAll(async () => {
  await removeBucket(owner, bucket).catch(() => undefined);
  owner?.destroy();
});

const FIRST = 'npm/@scope/pkg/-/pkg-1.0.0.tgz';
const KEYS = [FIRST, "odd/a b+c~d!e'f(g)h*i=j&k;l,m$n", 'unicode/über/日本語.json', 'npm/%2F encoded?.json', 'dots/a..b/.c'];

describe('S3 object requests on Ceph RGW', () => {
  it('writes and reads back keys with every kind of character, content type and metadata kept', async () => {
    const store = access();
    try {
      for (const [index, key] of KEYS.entries()) {
        const body = Buffer.from(`object ${index}`);
        await store.write(key, Readable.from([body]), { size: body.length, contentType: 'application/vnd.test+json', metadata: { sha256: `h${index}` } });
        const read = await store.openRead(key);
        expect({ key, size: read.size, contentType: read.contentType, metadata: read.metadata }).toEqual({ key, size: body.length, contentType: 'application/vnd.test+json', metadata: { sha256: `h${index}` } });
        expect(Buffer.concat(await read.body.toArray()).equals(body)).toBe(true);
      }
      expect((await store.list('')).sort()).toEqual([...KEYS].sort());
    } finally {
      store.close();
    }
  });

  it('goes over https with a private CA through a CONNECT proxy, like every other request to the storage', async () => {
    const certs = makeTestCerts();
    const relay = await startTlsRelay(s3Env.endpoint, certs.pem('valid'), certs.key('valid'));
    const proxy = startTestProxy('s3-object-http');
    const user = s3Env.user('OWNER');
    const values = { serviceUrl: `https://localhost:${relay.port}`, bucket, accessKey: user.accessKey, secretKey: user.secretKey, region: s3Env.region, pathStyle: 'path', authMode: 'keys', caCertificates: certs.pem('ca') };
    const store = s3ObjectAccess(values, { proxy: proxy.settings({ NO_PROXY: '' }), timeoutMs: 5000 });
    try {
      const before = proxy.connects().length;
      const body = Buffer.from('through the tunnel');
      await store.write('tls/a.json', Readable.from([body]), { size: body.length, contentType: 'application/json', metadata: {} });
      expect(Buffer.concat(await (await store.openRead('tls/a.json')).body.toArray()).equals(body)).toBe(true);
      expect(proxy.connects().slice(before).some((line) => line.includes(`localhost:${relay.port}`))).toBe(true);
      const untrusted = s3ObjectAccess({ ...values, caCertificates: '' }, { proxy: proxy.settings({ NO_PROXY: '' }), timeoutMs: 5000 });
      await expect(untrusted.openRead('tls/a.json')).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
      untrusted.close();
    } finally {
      store.close();
      proxy.stop();
      await relay.close();
    }
  });

  it('names a missing object and a wrong secret as the move classifies them, without the secret', async () => {
    const store = access();
    const wrong = access('wrong-secret-value-000000000000000000000');
    try {
      const missing = await store.openRead('npm/none').then(() => null, (error: unknown) => error);
      expect(classify(missing)).toMatchObject({ code: 'not-found', status: 404 });
      const refused = await wrong.openRead(FIRST).then(() => null, (error: unknown) => error);
      expect(classify(refused)).toMatchObject({ code: 'denied', status: 403 });
      expect(String(refused)).not.toContain('wrong-secret-value');
      const body = Buffer.from('x');
      const refusedWrite = await wrong.write('npm/w', Readable.from([body]), { size: 1, contentType: undefined, metadata: {} }).then(() => null, (error: unknown) => error);
      expect(classify(refusedWrite)).toMatchObject({ code: 'denied', status: 403 });
    } finally {
      store.close();
      wrong.close();
    }
  });
});
