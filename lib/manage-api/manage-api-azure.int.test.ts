import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AZURE_OPERATIONS } from '@/lib/storage/azure/sas';
import { azureEnv, containerName, createContainer, keyConnectionString, removeContainer } from '@/lib/testing/azurite';
import type { ConsoleServer } from '@/lib/testing/console-server';
import { basic, manageClient } from '@/lib/testing/manage-client';
import { ROOT_PASSWORD, startRunConsole } from '@/lib/testing/run-console';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';

// Azure Blob Storage through the Manage API of a real `next start` (Azurite and Ceph), every answer
// held against /manage/v1/openapi.json by manageClient.

let server: ConsoleServer;
let call: ReturnType<typeof manageClient>;
let dataDir = '';
const container = containerName('api');
const bucket = bucketName('api-az');
const owner = ownerClient();

async function finished(runId: string) {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    const status = await call('GET', `/config/apply?run_id=${runId}`);
    if (status.json.running === false) return status.json;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`run ${runId} did not finish`);
}

beforeAll(async () => {
  await createContainer(container);
  await createBucket(owner, bucket);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'manage-api-azure-'));
  server = await startRunConsole(dataDir);
  const document = await (await fetch(`${server.url}/manage/v1/openapi.json`, { headers: { authorization: basic(ROOT_PASSWORD) } })).json();
  call = manageClient(server.url, document, ROOT_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
  await removeContainer(container).catch(() => undefined);
  await removeBucket(owner, bucket).catch(() => undefined);
  owner.destroy();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('Manage API, Azure Blob Storage', () => {
  it('saves S3, then Azure (the connection string write-only), applies it sealed, and keeps the S3 values', async () => {
    const probe = s3Env.user('PROBE');
    const s3 = { enabled: true, service_url: s3Env.endpoint, s3_bucket: bucket, aws_access_key: probe.accessKey, aws_secret_key: probe.secretKey };
    expect((await call('PUT', '/config/settings', { body: { packages: s3 } })).status).toBe(204);

    const azure = { blob_storage_type: 'azure', azure_container_name: container, azure_connection_string: keyConnectionString() };
    expect((await call('PUT', '/config/settings', { body: { packages: azure } })).status).toBe(204);
    const read = await call('GET', '/config/settings');
    expect(read.json.packages).toMatchObject({ enabled: true, blob_storage_type: 'azure', azure_container_name: container, azure_connection_string_set: true, s3_bucket: bucket, aws_secret_key_set: true });
    expect(JSON.stringify(read.json)).not.toContain(azureEnv.accountKey);

    const check = await call('POST', '/config/storage/check');
    expect(check.json.ok).toBe(true);
    expect(Object.keys(check.json.permissions as object)).toEqual([...AZURE_OPERATIONS]);

    const apply = await call('POST', '/config/apply');
    expect(apply.status).toBe(202);
    expect(await finished(String(apply.json.run_id))).toMatchObject({ successful: true });
    const applied = JSON.parse(await readFile(path.join(dataDir, 'packages-storage.json'), 'utf8')) as { packages: Record<string, unknown> };
    expect(applied.packages).toMatchObject({ enabled: true, blob_storage_type: 'azure', azure_container_name: container });
    expect(applied.packages.azure_connection_string).toMatch(/^v1:/);
    expect(JSON.stringify(applied)).not.toContain(azureEnv.accountKey);

    expect((await call('PUT', '/config/settings', { body: { packages: { blob_storage_type: 's3' } } })).status).toBe(204);
    const back = await call('GET', '/config/settings');
    expect(back.json.packages).toMatchObject({ blob_storage_type: 's3', s3_bucket: bucket, aws_secret_key_set: true, azure_container_name: container, azure_connection_string_set: true });
  });

  it('refuses bad Azure values field by field, in the caller’s language', async () => {
    const bad = await call('PUT', '/config/settings', {
      body: { packages: { blob_storage_type: 'azure', azure_container_name: 'Bad--Name', azure_connection_string: 'AccountName=x;Nonsense=1', azure_connection_string_set: true } },
      headers: { 'accept-language': 'fr' },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.errors).toEqual([
      { field: 'azure_container_name', code: 'containerNameCharacters', message: fr.AzureStorage.validation.containerNameCharacters },
      { field: 'azure_connection_string', code: 'connectionStringUnknownKey', message: fr.AzureStorage.validation.connectionStringUnknownKey.replace('{key}', 'Nonsense') },
      { field: 'azure_connection_string_set', code: 'readOnlyField', message: fr.ManageApi.readOnlyField },
    ]);
  });

  it.each(['1.2', '169.254.169.254'])('refuses EndpointSuffix=%s on the field, even with Packages disabled, and saves nothing', async (suffix) => {
    const before = await call('GET', '/config/settings');
    const connectionString = `AccountName=${azureEnv.account};AccountKey=${azureEnv.accountKey};EndpointSuffix=${suffix}`;
    const refused = await call('PUT', '/config/settings', {
      body: { packages: { enabled: false, blob_storage_type: 'azure', azure_container_name: container, azure_connection_string: connectionString } },
      headers: { 'accept-language': 'zh' },
    });
    expect(refused.status).toBe(422);
    expect(refused.json.errors).toEqual([{ field: 'azure_connection_string', code: 'connectionStringEndpointSuffixNumeric', message: zh.AzureStorage.validation.connectionStringEndpointSuffixNumeric }]);
    expect((await call('GET', '/config/settings')).json).toEqual(before.json);
  });
});
