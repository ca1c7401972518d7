import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import { startLatencyProxy, type LatencyProxy } from '@/lib/testing/latency-proxy';
import type { ConsoleServer } from '@/lib/testing/console-server';
import { ROOT_PASSWORD, startRunConsole } from '@/lib/testing/run-console';
import { basic, manageClient } from '@/lib/testing/manage-client';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';

// Moving the packages through the Manage API of a real `next start` against the Ceph gateway: the
// inventory of the storage in force, apply's options, a run by ID and its cancel, and a move from
// bucket A to bucket B. manageClient holds every answer against /manage/v1/openapi.json.

let server: ConsoleServer;
let call: ReturnType<typeof manageClient>;
let dataDir = '';
let owner: S3Client;
let proxy: LatencyProxy;
const from = bucketName('mva');
const to = bucketName('mvb');
// Behind a slow link, so that a copy to it runs long enough to be cancelled.
const far = bucketName('mvc');
const probe = () => s3Env.user('PROBE');
const storage = (bucket: string, serviceUrl = s3Env.endpoint) => ({ packages: { enabled: true, service_url: serviceUrl, s3_bucket: bucket, aws_access_key: probe().accessKey, aws_secret_key: probe().secretKey } });
const UNKNOWN_RUN = '0123456789abcdef';

// What the registries write: npm and the container registry under their folders, the build cache at the root.
const OBJECTS: Record<string, number> = {
  'packages-services/npm/left-pad/package.json': 2_000,
  'packages-services/npm/left-pad/left-pad-1.0.0.tgz': 5_000,
  'packages-services/container-registry/docker/registry/v2/blobs/sha256/ab/abcd/data': 3_000,
  'my-team/0123456789abcdef': 4_096,
  '.console-health/left-behind': 10,
};

async function finished(runId: string) {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const status = await call('GET', `/config/runs/${runId}`);
    if (status.json.running === false) return status.json;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`run ${runId} did not finish`);
}

async function keys(bucket: string): Promise<string[]> {
  const out = await owner.send(new ListObjectsV2Command({ Bucket: bucket }));
  // Key, size and ETag (the MD5 of a single-part object): the same content on both sides.
  return (out.Contents ?? []).map((item) => `${item.Key} ${item.Size} ${item.ETag}`).sort();
}

beforeAll(async () => {
  owner = ownerClient();
  await createBucket(owner, from);
  await createBucket(owner, to);
  await createBucket(owner, far);
  proxy = await startLatencyProxy(s3Env.endpoint, 0);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'move-api-'));
  server = await startRunConsole(dataDir);
  const document = await (await fetch(`${server.url}/manage/v1/openapi.json`, { headers: { authorization: basic(ROOT_PASSWORD) } })).json();
  call = manageClient(server.url, document, ROOT_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
  await proxy?.close();
  for (const bucket of [from, to, far]) await removeBucket(owner, bucket).catch(() => undefined);
  owner?.destroy();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('Manage API: moving the packages', () => {
  it('has no inventory before a configuration is applied', async () => {
    const reply = await call('GET', '/config/storage/inventory', { headers: { 'accept-language': 'fr' } });
    expect(reply).toMatchObject({ status: 409, json: { message: fr.StorageMigration.notApplied, errors: [{ code: 'notApplied' }] } });
  });

  it('counts each ecosystem’s objects under its storage prefix in the storage in force', async () => {
    expect((await call('PUT', '/config/settings', { body: storage(from) })).status).toBe(204);
    const applied = await finished(String((await call('POST', '/config/apply')).json.run_id));
    expect(applied).toMatchObject({ successful: true, migration: null });
    for (const [key, size] of Object.entries(OBJECTS)) await owner.send(new PutObjectCommand({ Bucket: from, Key: key, Body: Buffer.alloc(size, 7) }));
    const reply = await call('GET', '/config/storage/inventory');
    expect(reply.status).toBe(200);
    expect(reply.json.storage).toEqual({ type: 's3', target: `bucket ${from} at ${s3Env.endpoint}` });
    const counts = Object.fromEntries((reply.json.ecosystems as { id: string; objects: number; bytes: number; name: string }[]).map((entry) => [entry.id, [entry.objects, entry.bytes, entry.name]]));
    expect(counts).toEqual({
      npm: [2, 7_000, en.Ecosystems.npm.name],
      'container-registry': [1, 3_000, en.Ecosystems['container-registry'].name],
      'build-cache': [1, 4_096, en.Ecosystems['build-cache'].name],
    });
    expect(reply.json.total).toMatchObject({ objects: 4, bytes: 14_096 });
  });

  it('refuses an apply body of the wrong shape, naming the field, and starts nothing', async () => {
    const before = (await call('GET', '/config/apply')).json.run_id;
    const wrongType = await call('POST', '/config/apply', { body: { migrate: 'yes' }, headers: { 'accept-language': 'fr' } });
    expect(wrongType).toMatchObject({ status: 422, json: { errors: [{ field: 'migrate', code: 'migrateInvalid', message: fr.ManageApi.migrateInvalid }] } });
    const both = await call('POST', '/config/apply', { body: { migrate: true, resume: UNKNOWN_RUN } });
    expect(both).toMatchObject({ status: 422, json: { message: en.ManageApi.migrateResumeExclusive, errors: [{ field: null, code: 'migrateResumeExclusive' }] } });
    expect((await call('POST', '/config/apply', { body: { resume: '../x' } })).json.errors).toMatchObject([{ field: 'resume', code: 'resumeInvalid' }]);
    expect((await call('POST', '/config/apply', { body: { copy: true } })).json.errors).toMatchObject([{ field: 'copy', code: 'unknownField' }]);
    expect((await call('POST', '/config/apply', { body: [] })).json.errors).toMatchObject([{ code: 'applyBodyInvalid' }]);
    expect((await call('POST', '/config/apply', { body: 'migrate', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await call('GET', '/config/apply')).json.run_id).toBe(before);
  });

  it('answers a run by ID, 404 for an unknown one, and 409 to cancelling a finished one', async () => {
    const latest = String((await call('GET', '/config/apply')).json.run_id);
    expect((await call('GET', `/config/runs/${latest}`)).json).toMatchObject({ run_id: latest, successful: true, migration: null });
    expect((await call('GET', `/config/runs/${UNKNOWN_RUN}`)).json.errors).toMatchObject([{ field: 'id', code: 'runNotFound' }]);
    expect((await call('GET', '/config/runs/not-a-run')).status).toBe(404);
    const finishedRun = await call('POST', `/config/runs/${latest}/cancel`, { headers: { 'accept-language': 'fr' } });
    expect(finishedRun).toMatchObject({ status: 409, json: { errors: [{ code: 'runNotRunning', message: fr.ManageApi.runNotRunning }] } });
    expect((await call('POST', `/config/runs/${UNKNOWN_RUN}/cancel`)).status).toBe(404);
  });

  it('moves the packages from bucket A to bucket B with {migrate: true}', async () => {
    expect((await call('PUT', '/config/settings', { body: storage(to) })).status).toBe(204);
    const started = await call('POST', '/config/apply', { body: { migrate: true } });
    expect(started.status).toBe(202);
    const run = await finished(String(started.json.run_id));
    expect(run.summary).toBe(en.ConfigRun.summary.succeeded.replace('{version}', String(run.settings_version)));
    expect((run.phases as { name: string; state: string }[]).map((phase) => [phase.name, phase.state])).toEqual(
      ['validate', 'check', 'write', 'inventory', 'copy', 'copyVerify', 'finalCopy', 'apply', 'verify'].map((name) => [name, 'done']),
    );
    expect(run.migration).toMatchObject({ from: `bucket ${from} at ${s3Env.endpoint}`, to: `bucket ${to} at ${s3Env.endpoint}`, total: { objects: 4, bytes: 14_096 }, failures: [], failure_count: 0 });
    const moved = (await keys(from)).filter((entry) => !entry.startsWith('.console-'));
    expect((await keys(to)).filter((entry) => !entry.startsWith('.console-'))).toEqual(moved);
    const inventory = await call('GET', '/config/storage/inventory');
    expect(inventory.json).toMatchObject({ storage: { target: `bucket ${to} at ${s3Env.endpoint}` }, total: { objects: 4, bytes: 14_096 } });
    expect(JSON.stringify(run)).not.toContain(probe().secretKey);
  });

  it('cancels a running move: the run records cancelled and the storage in force stays', async () => {
    for (let index = 0; index < 64; index += 1) await owner.send(new PutObjectCommand({ Bucket: to, Key: `packages-services/npm/many/${index}.tgz`, Body: Buffer.alloc(100, index) }));
    proxy.setDelay(400);
    try {
      expect((await call('PUT', '/config/settings', { body: storage(far, proxy.url) })).status).toBe(204);
      const runId = String((await call('POST', '/config/apply', { body: { migrate: true } })).json.run_id);
      let copying = false;
      for (let attempt = 0; attempt < 300 && !copying; attempt += 1) {
        const status = await call('GET', `/config/runs/${runId}`);
        copying = (status.json.phases as { name: string; state: string }[]).some((phase) => phase.name === 'copy' && phase.state === 'running');
        if (!copying) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(copying).toBe(true);
      const cancel = await call('POST', `/config/runs/${runId}/cancel`, { headers: { 'accept-language': 'fr' } });
      expect(cancel).toMatchObject({ status: 202, json: { run_id: runId, message: fr.ManageApi.cancelRequested } });
      const run = await finished(runId);
      expect(run).toMatchObject({ successful: false, migration: { total: { objects: 68 } } });
      expect((run.phases as { name: string; error: { code: string } | null }[]).find((phase) => phase.name === 'copy')?.error?.code).toBe('cancelled');
    } finally {
      proxy.setDelay(0);
    }
    const inventory = await call('GET', '/config/storage/inventory');
    expect(inventory.json).toMatchObject({ storage: { target: `bucket ${to} at ${s3Env.endpoint}` }, total: { objects: 68 } });
  });
});
