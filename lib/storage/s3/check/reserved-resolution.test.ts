import { createTranslator } from 'use-intl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeS3, type FakeS3 } from '@/lib/testing/fake-s3';
import { resolvingTo } from '@/lib/testing/resolver';
import { probeS3Health } from '@/lib/storage/s3/health-probe';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { describeIssue, type Translate } from './describe-issue';
import { runStorageCheck } from './run-storage-check';
import type { StorageTarget } from './target';

// A service URL whose NAME resolves to a metadata address: the rule on the written URL cannot see it,
// so the agents refuse it after DNS. The resolver is injected (no /etc/hosts, no network); the fake
// S3 on 127.0.0.1 counts requests, so "nothing was sent" is observed.

let s3: FakeS3;
let port = '';
beforeAll(async () => {
  s3 = await startFakeS3();
  port = new URL(s3.url).port;
});
afterAll(() => s3.close());

const direct = { https: null, http: null, noProxy: [] };
const target = (): StorageTarget => ({ serviceUrl: `http://storage.test:${port}`, bucket: 'bucket', accessKey: 'FAKEACCESSKEY0000001', secretKey: 'fake-secret', region: '', pathStyle: 'path' });
const expected = { code: 'endpointReservedAddress', field: 'serviceUrl', params: { host: 'storage.test', address: '169.254.169.254' } } as const;

describe('S3: a service URL whose name resolves to a reserved address', () => {
  it('the check reports it on the service URL, and sends nothing', async () => {
    s3.calls.length = 0;
    const result = await runStorageCheck(target(), { network: { caPems: [], proxy: direct, lookup: resolvingTo('169.254.169.254') } });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([expected]);
    expect(s3.calls).toEqual([]);
  });

  it('the same name resolving to an ordinary address passes: the injected resolver is the one used', async () => {
    const result = await runStorageCheck(target(), { network: { caPems: [], proxy: direct, lookup: resolvingTo('127.0.0.1') } });
    expect(result).toMatchObject({ ok: true, errors: [] });
  });

  it('the health probe fails its list with the same finding, and sends nothing', async () => {
    s3.calls.length = 0;
    const result = await probeS3Health(target(), { timeoutMs: 5_000, network: { caPems: [], proxy: direct, lookup: resolvingTo('::ffff:169.254.169.254') } });
    expect(result.operations[0]).toMatchObject({ operation: 'list', status: 'fail', code: 'endpointReservedAddress', params: { host: 'storage.test', address: '::ffff:169.254.169.254' } });
    expect(s3.calls).toEqual([]);
  });

  it.each([['en', en, 'link-local'], ['zh', zh, '链路本地'], ['fr', fr, 'locale au lien']] as const)('is described in %s, naming the host and the address', (locale, messages, phrase) => {
    const intl = createTranslator({ locale, messages: { S3Storage: messages.S3Storage }, namespace: 'S3Storage' });
    const message = describeIssue(expected, (key, params) => (intl as unknown as Translate)(key, params), locale).message;
    expect(message).toContain('storage.test');
    expect(message).toContain('169.254.169.254');
    expect(message).toContain(phrase);
  });
});
