import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTranslator } from 'use-intl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvingTo } from '@/lib/testing/resolver';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { describeAzureIssue, type AzureTranslate } from './describe-issue';
import { probeAzureHealth } from '../health-probe';
import { runAzureStorageCheck } from './run-storage-check';

// A Blob endpoint whose NAME resolves to a metadata address: refused by the agents after DNS, and
// reported on the connection string like the literal case. The resolver is injected (no /etc/hosts);
// a local server at the port counts requests, so "nothing was sent" is observed.

let server: Server;
let requests = 0;
let connectionString = '';
const KEY = Buffer.alloc(64, 1).toString('base64');
const direct = { https: null, http: null, noProxy: [] };

beforeAll(async () => {
  server = createServer((_request, response) => {
    requests += 1;
    response.writeHead(500).end();
  });
  server.on('connection', () => (requests += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  connectionString = `AccountName=devstoreaccount1;AccountKey=${KEY};BlobEndpoint=https://storage.test:${port}/devstoreaccount1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const expected = { code: 'endpointReservedAddress', field: 'azureConnectionString', params: { host: 'storage.test', address: '169.254.169.254' } } as const;

describe('Azure: a Blob endpoint whose name resolves to a reserved address', () => {
  it('the check reports it on the connection string, and connects to nothing', async () => {
    const before = requests;
    const result = await runAzureStorageCheck({ containerName: 'packages', connectionString }, { network: { caPems: [], proxy: direct, lookup: resolvingTo('169.254.169.254') } });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([expected]);
    expect(requests).toBe(before);
  });

  it('the health probe fails its list with the same finding', async () => {
    const before = requests;
    const result = await probeAzureHealth({ containerName: 'packages', connectionString }, { timeoutMs: 5_000, network: { caPems: [], proxy: direct, lookup: resolvingTo('fe80::1') } });
    expect(result.operations[0]).toMatchObject({ operation: 'list', status: 'fail', code: 'endpointReservedAddress', params: { host: 'storage.test', address: 'fe80::1' } });
    expect(requests).toBe(before);
  });

  it.each([['en', en, 'link-local'], ['zh', zh, '链路本地'], ['fr', fr, 'locale au lien']] as const)('is described in %s, naming the host and the address', (locale, messages, phrase) => {
    const intl = createTranslator({ locale, messages: { AzureStorage: messages.AzureStorage }, namespace: 'AzureStorage' });
    const message = describeAzureIssue(expected, (key, params) => (intl as unknown as AzureTranslate)(key, params), locale).message;
    expect(message).toContain('storage.test');
    expect(message).toContain('169.254.169.254');
    expect(message).toContain(phrase);
  });
});
