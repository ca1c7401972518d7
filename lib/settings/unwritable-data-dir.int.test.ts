import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { bucketName, createBucket, ownerClient, probeTarget } from '@/lib/storage-check/int-test-support';
import { signIn, TEST_ROOT_PASSWORD } from '@/scripts/test-support/console-client';
import { startConsoleServer, type ConsoleServer } from '@/scripts/test-support/console-server';
import { canMount, fillUp, makeReadOnly, mountTmpfs, unmount } from '@/scripts/test-support/mounts';
import { packagesSubmission } from '@/scripts/test-support/packages-submission';

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
  server = await startConsoleServer({ dataDir, env: { CONSOLE_ROOT_PASSWORD: TEST_ROOT_PASSWORD } });
  const client = await signIn(server);
  const first = await client.request('/api/settings/packages', { method: 'PUT', body: packagesSubmission(target, 0) });
  expect(first.status).toBe(200);
  return { client, target, saved: first.body.settings };
}

const prefix = (template: string) => template.split('{')[0]!;

describe.skipIf(!mountable)('an unwritable data directory', () => {
  it('read-only: the save fails with a clear localized message and the previous settings stay readable', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'readonly-'));
    const { client, target, saved } = await startWithSavedSettings(dataDir);
    makeReadOnly(dataDir);
    mounted.push(dataDir);

    const refused = await client.request('/api/settings/packages', { method: 'PUT', locale: 'zh', body: packagesSubmission({ ...target, region: 'us-east-1' }, saved.version) });
    expect(refused.status).toBe(503);
    expect(refused.body.errors).toEqual([{ field: null, code: 'saveFailed', message: expect.stringContaining(prefix(zh.Validation.saveFailed)) }]);
    expect(refused.body.message).toContain(dataDir);
    expect((await client.request('/api/settings/packages')).body).toEqual(saved);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('full: the save fails with a clear localized message, nothing is torn, and it works again once there is space', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'full-'));
    mountTmpfs(dataDir, 1024);
    mounted.push(dataDir);
    const { client, target, saved } = await startWithSavedSettings(dataDir);
    const filler = fillUp(dataDir);

    const refused = await client.request('/api/settings/packages', { method: 'PUT', locale: 'fr', body: packagesSubmission({ ...target, region: 'us-east-1' }, saved.version) });
    expect(refused.status).toBe(503);
    expect(refused.body.errors).toEqual([{ field: null, code: 'saveFailed', message: expect.stringContaining(prefix(fr.Validation.saveFailed)) }]);
    expect((await client.request('/api/settings/packages')).body).toEqual(saved);

    rmSync(filler);
    const retried = await client.request('/api/settings/packages', { method: 'PUT', body: packagesSubmission({ ...target, region: 'us-east-1' }, saved.version) });
    expect(retried.status).toBe(200);
    expect(retried.body.settings).toMatchObject({ version: saved.version + 1, packages: { region: 'us-east-1' } });
  });
});
