import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketName, createBucket, ownerClient, removeBucket } from '@/lib/testing/s3-int-support';
import { inputFor, s3Settings, startEcosystem, type TestEcosystem } from '@/lib/testing/services';
import { ANONYMOUS_READS_SETTING, BUILD_CACHE_SERVICE } from './service';

// Anonymous downloads (app.packages.ecosystems.build-cache-anonymous-reads): turborepo-remote-cache
// behind its front on the local Ceph RGW. Off, an artifact GET without a token is refused; on, GET and
// HEAD without a token are served with identical bytes, while an upload without a token, a download
// with a wrong token and an upload with the front's own read token are refused.

const owner = ownerClient();
const bucket = bucketName('cache-anon');
const settings = () => s3Settings(bucket);
const withAnonymousReads = (value: string) => inputFor(settings(), 'enabled', { [ANONYMOUS_READS_SETTING]: value });
let ecosystem: TestEcosystem;
let url: string;
const bytes = randomBytes(64 * 1024);

beforeAll(async () => {
  await createBucket(owner, bucket);
  ecosystem = await startEcosystem(BUILD_CACHE_SERVICE, withAnonymousReads('disabled'));
  url = `${ecosystem.frontUrl}/v8/artifacts/${randomBytes(16).toString('hex')}?slug=team-a`;
  const auth = { authorization: `Bearer ${ecosystem.runner.current!.rendered.client.bearerToken}` };
  const stored = await fetch(url, { method: 'PUT', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: bytes, signal: AbortSignal.timeout(10_000) });
  expect([200, 202]).toContain(stored.status);
}, 90_000);

afterAll(async () => {
  await ecosystem?.close();
  await removeBucket(owner, bucket);
  owner.destroy();
});

// The cache answers a request without an Authorization header 400 (its schema requires one), a wrong token 401.
const REFUSED = [400, 401];
const status = async (method: string, headers: Record<string, string> = {}, body?: string) => {
  const answer = await fetch(url, { method, headers: { 'content-type': 'application/octet-stream', ...headers }, body, signal: AbortSignal.timeout(10_000) });
  await answer.arrayBuffer();
  return answer.status;
};

describe('build cache anonymous downloads on S3 (Ceph RGW)', () => {
  it('off (the default): a download without a token is refused', async () => {
    expect(ecosystem.runner.current!.rendered.anonymousRead).toBeUndefined();
    expect(REFUSED).toContain(await status('GET'));
    expect(REFUSED).toContain(await status('HEAD'));
  });

  it('on: serves GET and HEAD without a token with the same bytes; uploads and wrong tokens are still refused', async () => {
    await ecosystem.runner.apply(withAnonymousReads('enabled'));
    const read = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    expect(read.status).toBe(200);
    expect(Buffer.from(await read.arrayBuffer()).equals(bytes)).toBe(true);
    expect(await status('HEAD')).toBe(200);
    expect(REFUSED).toContain(await status('PUT', {}, 'anonymous'));
    expect(await status('GET', { authorization: 'Bearer not-the-token' })).toBe(401);
    const readToken = ecosystem.runner.current!.rendered.anonymousRead!.authorization;
    expect(await status('PUT', { authorization: readToken }, 'with the read token')).toBe(401);
    // Nothing was overwritten.
    expect(Buffer.from(await (await fetch(url, { signal: AbortSignal.timeout(10_000) })).arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('off again: the next apply takes anonymous downloads away', async () => {
    await ecosystem.runner.apply(withAnonymousReads('disabled'));
    expect(REFUSED).toContain(await status('GET'));
  });
});
