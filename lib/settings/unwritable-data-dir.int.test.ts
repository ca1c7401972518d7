import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { bucketName, createBucket, ownerClient, probeTarget } from '@/lib/testing/s3-int-support';
import type { ConsoleServer } from '@/lib/testing/console-server';
import { manageSession } from '@/lib/testing/manage-session';
import { canMount, fillUp, makeReadOnly, mountTmpfs, unmount } from '@/lib/testing/mounts';
import { startRunConsole } from '@/lib/testing/run-console';

const mountable = canMount();
if (!mountable) console.warn('unwritable data directory tests skipped: they need root and mount(8) to make a real read-only or full filesystem');

let server: ConsoleServer | null = null;
const mounted: string[] = [];

afterEach(async () => {
  await server?.stop();
  server = null;
  for (const dir of mounted.splice(0)) unmount(dir);
});

async function startWithSavedSettings(dataDir: string) {
  const owner = ownerClient();
  const bucket = bucketName('unwritable');
  await createBucket(owner, bucket);
  owner.destroy();
  const target = probeTarget(bucket);
  server = await startRunConsole(dataDir);
  const call = await manageSession(server.url);
  const storage = { enabled: true, service_url: target.serviceUrl, s3_bucket: bucket, aws_access_key: target.accessKey, aws_secret_key: target.secretKey };
  expect((await call('PUT', '/config/settings', { body: { packages: storage } })).status).toBe(204);
  const saved = await call('GET', '/config/settings');
  return { call, saved: saved.json };
}

const prefix = (template: string) => template.split('{')[0]!;
const changeRegion = { packages: { s3_region: 'us-east-1' } };

describe.skipIf(!mountable)('an unwritable data directory', () => {
  it('read-only: the save fails with a clear localized message and the previous settings stay readable', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'readonly-'));
    const { call, saved } = await startWithSavedSettings(dataDir);
    makeReadOnly(dataDir);
    mounted.push(dataDir);

    const refused = await call('PUT', '/config/settings', { body: changeRegion, headers: { 'accept-language': 'zh-CN' } });
    expect(refused.status).toBe(503);
    expect(refused.json.message).toContain(prefix(zh.Validation.saveFailed));
    expect(refused.json.message).toContain(dataDir);
    expect((await call('GET', '/config/settings')).json).toEqual(saved);
    await server?.stop();
    server = null;
    unmount(mounted.pop()!);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('full: the save fails with a clear localized message, nothing is torn, and it works again once there is space', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'full-'));
    mountTmpfs(dataDir, 1024);
    mounted.push(dataDir);
    const { call, saved } = await startWithSavedSettings(dataDir);
    const filler = fillUp(dataDir);

    const refused = await call('PUT', '/config/settings', { body: changeRegion, headers: { 'accept-language': 'fr' } });
    expect(refused.status).toBe(503);
    expect(refused.json.message).toContain(prefix(fr.Validation.saveFailed));
    expect((await call('GET', '/config/settings')).json).toEqual(saved);

    rmSync(filler);
    const retried = await call('PUT', '/config/settings', { body: changeRegion });
    expect(retried.status).toBe(204);
    expect((await call('GET', '/config/settings')).json).toMatchObject({ version: Number(saved.version) + 1, packages: { s3_region: 'us-east-1' } });
  });
});
