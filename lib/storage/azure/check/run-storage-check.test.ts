import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AzureCheckResult } from './target';
import { runAzureStorageCheck } from './run-storage-check';

// What the check decides before or without Blob storage: a local server counts every request, so
// "refused before any request" is observed, not assumed.

let server: Server;
let requests = 0;
let endpoint = '';
const NOW = new Date('2026-06-01T12:00:00Z');
const KEY = Buffer.alloc(64, 1).toString('base64');
const sas = (sp: string, se: string) => `sv=2022-11-02&sr=c&sp=${sp}&se=${se}&sig=c2ln`;

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests += 1;
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/devstoreaccount1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function countRequests(run: () => Promise<unknown>): Promise<number> {
  const before = requests;
  await run();
  return requests - before;
}

describe('runAzureStorageCheck before any request', () => {
  it('refuses an expired SAS, every row not run, with no request sent', async () => {
    const connectionString = `BlobEndpoint=${endpoint};SharedAccessSignature=${sas('rwdl', '2026-05-01')}`;
    let result: AzureCheckResult | undefined;
    expect(await countRequests(async () => (result = await runAzureStorageCheck({ containerName: 'packages', connectionString }, { now: NOW })))).toBe(0);
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'sasExpired', field: 'azureConnectionString', params: { expiry: '2026-05-01T00:00:00.000Z' } }] });
    expect(new Set(result!.permissions.map((row) => `${row.status}:${row.code}`))).toEqual(new Set(['not-run:sasExpired']));
  });

  it('refuses a malformed string and an invalid container name, each on its field', async () => {
    const sent = await countRequests(async () => {
      const malformed = await runAzureStorageCheck({ containerName: 'packages', connectionString: `AccountName=devstoreaccount1;AccountKey=${KEY}` });
      expect(malformed.errors).toEqual([{ code: 'connectionStringEndpointMissing', field: 'azureConnectionString' }]);
      const badName = await runAzureStorageCheck({ containerName: 'Packages', connectionString: `AccountName=devstoreaccount1;AccountKey=${KEY};BlobEndpoint=${endpoint}` });
      expect(badName.errors).toEqual([{ code: 'containerNameCharacters', field: 'azureContainerName' }]);
    });
    expect(sent).toBe(0);
  });

  it('still runs with a SAS lacking letters, naming them as an error and warning about an expiry within 30 days', async () => {
    const connectionString = `BlobEndpoint=${endpoint};SharedAccessSignature=${sas('rl', '2026-06-10')}`;
    const result = await runAzureStorageCheck({ containerName: 'packages', connectionString }, { now: NOW });
    expect(result.errors[0]).toEqual({ code: 'sasLettersMissing', field: 'azureConnectionString', params: { letters: 'wd', operations: 'Put Blob, Put Block, Put Block List, Delete Blob' } });
    expect(result.errors[1]).toMatchObject({ code: 'endpointGatewayError', field: 'azureConnectionString' });
    expect(result.warnings).toEqual([{ code: 'sasExpiresSoon', field: 'azureConnectionString', params: { expiry: '2026-06-10T00:00:00.000Z' } }]);
  });

  it('says the check was cancelled when the caller aborts it', async () => {
    const controller = new AbortController();
    controller.abort();
    const connectionString = `AccountName=devstoreaccount1;AccountKey=${KEY};BlobEndpoint=${endpoint}`;
    const result = await runAzureStorageCheck({ containerName: 'packages', connectionString }, { signal: controller.signal });
    expect(result.errors).toEqual([{ code: 'checkCancelled', field: null }]);
  });
});
