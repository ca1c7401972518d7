import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditLog } from '@/lib/settings/audit-log';
import { tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { createBucketAs, createMarkerUser, removeMarkerUser, removeUserKey, userClient } from '@/lib/testing/marker-s3-user';
import { finishedRun, manageSession, versionOf } from '@/lib/testing/manage-session';
import { startRunConsole } from '@/lib/testing/run-console';
import { bucketName, createBucket, ownerClient, removeBucket, s3Env } from '@/lib/testing/s3-int-support';
import en from '@/messages/en.json';

// Restores through the Manage API of a real `next start` against the Ceph gateway: a kept version whose
// S3 key was revoked since (radosgw-admin key rm on a user made for this test), and a restore racing a
// settings PUT that names the same current version.

const id = randomBytes(4).toString('hex');
const revoked = { uid: `hist-revoked-${id}`, accessKey: `HISTREV${id.toUpperCase()}00000`, secretKey: `HistRevokedSecret${randomBytes(12).toString('hex')}` };
const revokedBucket = `hist-revoked-${id}`;
const bucket = bucketName('hist-race');
const owner = ownerClient();
const probe = () => s3Env.user('PROBE');
const secrets = () => [revoked.secretKey, probe().secretKey];
const answers: string[] = [];
let server: ConsoleServer;
let call: Awaited<ReturnType<typeof manageSession>>;
let dataDir = '';

async function answer(method: string, url: string, options: Parameters<typeof call>[2] = {}) {
  const reply = await call(method, url, options);
  answers.push(JSON.stringify(reply.body));
  return reply;
}

async function saveAndApply(packages: Record<string, unknown>): Promise<void> {
  expect((await answer('PUT', '/config/settings', { body: { packages } })).status).toBe(204);
  const started = await answer('POST', '/config/apply');
  expect((await finishedRun(call, started.json.run_id as string)).successful).toBe(true);
}

/**
 * The data files by relative path; without the run records unless asked (a run is recorded whatever its
 * outcome), and without the health monitor's record, which its first check after an apply writes
 * whenever it finishes: observations of the storage, not configuration.
 */
async function dataFiles(withRuns = false): Promise<Record<string, string>> {
  const names = (await readdir(dataDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  const files = names.map((entry) => path.relative(dataDir, path.join(entry.parentPath, entry.name))).filter((name) => (withRuns || !name.startsWith('config-runs')) && name !== 'storage-health.json');
  return Object.fromEntries(await Promise.all(files.sort().map(async (name) => [name, await readFile(path.join(dataDir, name), 'utf8')] as const)));
}

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Waits until the gateway refuses the revoked key (its user cache is told of the change, not at once). */
async function keyRefused(accessKey: string, secretKey: string): Promise<void> {
  const client = userClient(accessKey, secretKey);
  try {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const refusal = await client.send(new ListBucketsCommand({})).then(() => null, (error: Error) => error.name);
      if (refusal === 'InvalidAccessKeyId') return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`the gateway still accepts ${accessKey}`);
  } finally {
    client.destroy();
  }
}

beforeAll(async () => {
  await createMarkerUser(revoked.uid, revoked.accessKey, revoked.secretKey);
  await createBucketAs(revokedBucket, revoked.accessKey, revoked.secretKey);
  await createBucket(owner, bucket);
  dataDir = await tempDataDir('history-restore');
  server = await startRunConsole(dataDir);
  call = await manageSession(server.url);
});

afterAll(async () => {
  await server?.stop();
  await removeMarkerUser(revoked.uid).catch(() => undefined);
  await removeBucket(owner, bucket).catch(() => undefined);
  owner.destroy();
});

describe('restore through the Manage API, real gateway', () => {
  it('fails at the check a restore of a version whose key was revoked since, says why, and changes nothing', async () => {
    await saveAndApply({ enabled: true, service_url: s3Env.endpoint, s3_bucket: revokedBucket, aws_access_key: revoked.accessKey, aws_secret_key: revoked.secretKey });
    await saveAndApply({ s3_bucket: bucket, aws_access_key: probe().accessKey, aws_secret_key: probe().secretKey });
    await removeUserKey(revoked.uid, revoked.accessKey);
    await keyRefused(revoked.accessKey, revoked.secretKey);

    const before = await dataFiles();
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['settings.json', 'settings-history.json', 'packages-storage.json']));
    const started = await answer('POST', '/config/settings/history/1/restore', { headers: { 'if-match': '"2"' }, body: { confirm_storage_change: true } });
    expect(started.status).toBe(202);
    const runId = started.json.run_id as string;
    const status = await finishedRun(call, runId);
    answers.push(JSON.stringify(status));
    expect(status).toMatchObject({ successful: false, settings_version: null });
    const phases = status.phases as { name: string; state: string; error: { code: string; message: string } | null }[];
    expect(phases.map((phase) => `${phase.name}:${phase.state}`)).toEqual(['validate:done', 'check:failed', 'write:pending', 'apply:pending', 'verify:pending']);
    expect(phases[1]?.error).toEqual({ code: 'storageCheckFailed', message: en.ConfigRun.errors.storageCheckFailed.replace('{subject}', en.S3Storage.subject.replace('{name}', revokedBucket)) });
    // The credentials problem itself is in the run's events: the gateway does not know the key any more.
    const events = await answer('GET', `/config/apply/events?run_id=${runId}`);
    const errors = (events.json.events as { severity: string; body: string }[]).filter((event) => event.severity === 'ERROR').map((event) => event.body);
    expect(errors).toEqual(expect.arrayContaining([expect.stringContaining(en.S3Storage.issues.accessKeyUnknown)]));

    expect(await dataFiles()).toEqual(before);
    const history = await answer('GET', '/config/settings/history');
    expect(history.headers.get('etag')).toBe('"2"');
    expect((history.json.versions as { version: number; in_force: boolean }[]).map((kept) => [kept.version, kept.in_force])).toEqual([[2, true], [1, false]]);
  });

  it('lets exactly one of a PUT and a restore naming the same current version win, and keeps one whole new version', async () => {
    expect((await answer('PUT', '/config/settings', { body: { packages: { s3_path_style: 'path' } } })).status).toBe(204);
    const outcomes: string[] = [];
    // Fired together, and with one of the two a little late, so the rounds meet at different points (before a
    // run exists, during its check, at the write); which one wins each round is the server's business.
    for (const [round, putDelay] of [0, 0, 30, 100, 250, -30, -100].entries()) {
      const current = await answer('GET', '/config/settings');
      const version = versionOf(current.headers.get('etag'));
      const region = (current.json.packages as { s3_region: string }).s3_region === 'us-east-1' ? '' : 'us-east-1';
      const historyBefore = JSON.parse(await readFile(path.join(dataDir, 'settings-history.json'), 'utf8')) as { versions: { version: number }[] };
      const auditBefore = (await readAuditLog(dataDir)).length;
      const ifMatch = { 'if-match': `"${version}"` };
      const [put, restore] = await Promise.all([
        later(putDelay).then(() => answer('PUT', '/config/settings', { headers: ifMatch, body: { packages: { s3_region: region } } })),
        later(-putDelay).then(() => answer('POST', '/config/settings/history/2/restore', { headers: ifMatch, body: { confirm_storage_change: true } })),
      ]);
      const run = restore.status === 202 ? await finishedRun(call, restore.json.run_id as string) : null;
      const seen = `round ${round}: PUT ${put.status} ${JSON.stringify(put.body)}, restore ${restore.status} ${JSON.stringify(run ?? restore.body)}`;
      const putWon = put.status === 204;
      const restoreWon = run?.successful === true;
      expect(putWon !== restoreWon, seen).toBe(true);
      if (putWon) {
        // Refused before its run (412), or its run found the newer version at validate or write and wrote nothing.
        if (run) expect((run.phases as { state: string; error: { code: string } | null }[]).find((phase) => phase.state === 'failed')?.error?.code, seen).toBe('versionConflict');
        else expect(restore, seen).toMatchObject({ status: 412, json: { errors: [{ code: 'versionConflict' }] } });
      } else {
        expect(run, seen).toMatchObject({ settings_version: version + 1 });
        expect([409, 412], seen).toContain(put.status);
        expect(put.json.errors, seen).toMatchObject([{ code: put.status === 409 ? 'runInProgress' : 'versionConflict' }]);
      }
      const failedPhase = (run?.phases as { name: string; state: string }[] | undefined)?.find((phase) => phase.state === 'failed')?.name;
      outcomes.push(`PUT ${putDelay} ms late: ${putWon ? 'PUT' : 'restore'} won (PUT ${put.status}, restore ${restore.status}${run ? `, its run ${failedPhase ? `failed at ${failedPhase}` : 'succeeded'}` : ''})`);

      const settings = await answer('GET', '/config/settings');
      expect(settings.headers.get('etag'), seen).toBe(`"${version + 1}"`);
      expect(settings.json.packages, seen).toMatchObject(putWon ? { s3_region: region } : { s3_region: '', s3_path_style: 'auto' });
      const file = JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8')) as { version: number; updatedAt: string; settings: unknown };
      const history = JSON.parse(await readFile(path.join(dataDir, 'settings-history.json'), 'utf8')) as { versions: { version: number; actor: string; restoredFrom: number | null; settings: unknown }[] };
      expect(history.versions.map((kept) => kept.version), seen).toEqual([...historyBefore.versions.map((kept) => kept.version), version + 1]);
      // Not torn: the kept copy is the very version settings.json holds, sealed secrets and all.
      expect(history.versions.at(-1), seen).toEqual({ version: file.version, updatedAt: file.updatedAt, actor: 'api', restoredFrom: putWon ? null : 2, settings: file.settings });
      expect((await readAuditLog(dataDir)).slice(auditBefore).map((entry) => entry.version), seen).toEqual([version + 1]);
    }
    console.log(`restore against PUT:\n${outcomes.join('\n')}`);
  });

  it('shows no secret in any answer, the server output or a data file', async () => {
    expect(answers.length).toBeGreaterThan(20);
    const files = Object.entries(await dataFiles(true));
    for (const secret of secrets()) {
      expect(answers.filter((text) => text.includes(secret))).toEqual([]);
      expect(server.output()).not.toContain(secret);
      expect(files.filter(([, text]) => text.includes(secret)).map(([name]) => name)).toEqual([]);
    }
  });
});
