import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConsoleEnv } from '@/lib/env';
import { bucketName, createBucket, ownerClient, probeTarget } from '@/lib/testing/s3-int-support';
import { signIn, tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { manageSession } from '@/lib/testing/manage-session';
import { packagesSubmission } from '@/lib/testing/packages-submission';
import { ROOT_PASSWORD, startRunConsole } from '@/lib/testing/run-console';
import { readSettings } from './store';

const ITERATIONS = 100;
// Independent consoles, each with its own data directory, share the iterations: a restart is mostly
// waiting for `next start`, so lanes overlap it without changing what each iteration proves.
const LANES = 4;
const servers = new Set<ConsoleServer>();
// Set when a lane fails: the others stop at their next round rather than start consoles nobody stops.
let failed = false;

afterAll(async () => {
  await Promise.all([...servers].map((server) => server.kill()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function auditVersions(dataDir: string): number[] {
  // Every line must parse: a torn or half-written entry is exactly what this test looks for.
  return readFileSync(path.join(dataDir, 'audit.log'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line).version);
}

async function startLaneConsole(dataDir: string): Promise<ConsoleServer> {
  const server = await startRunConsole(dataDir);
  servers.add(server);
  return server;
}

/** Runs `iterations` kill-and-restart rounds on a console of its own; counts which side of the race each landed on. */
async function lane(bucket: string, iterations: number, outcomes: { old: number; new: number }): Promise<void> {
  const dataDir = await tempDataDir('crash');
  const env = readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir });
  const target = probeTarget(bucket);
  let server = await startLaneConsole(dataDir);
  const call = await manageSession(server.url);
  const seeded = await call('PUT', '/config/settings', {
    body: { packages: { enabled: true, service_url: target.serviceUrl, s3_bucket: bucket, aws_access_key: target.accessKey, aws_secret_key: target.secretKey } },
  });
  expect(seeded.status).toBe(204);
  const key = readFileSync(path.join(dataDir, 'encryption.key'));
  // The session key lives in the data directory, so this cookie stays valid across restarts.
  const cookie = await signIn(server, ROOT_PASSWORD);
  // Each iteration first enables Packages with one complete save, followed to the end of its run: it
  // warms a freshly started server, and it makes the timed save a real change that needs no storage
  // check (disabling), so the 0-50 ms window overlaps its write.
  const headers = { cookie, 'content-type': 'application/json' };
  const enableAndWait = async (url: string, region: string) => {
    const current = await readSettings(env);
    const started = await fetch(`${url}/api/settings/packages`, {
      method: 'PUT',
      headers,
      body: JSON.stringify(packagesSubmission({ ...target, region, secretKey: '' }, current.version)),
      signal: AbortSignal.timeout(10_000),
    });
    expect(started.status).toBe(202);
    const { run } = (await started.json()) as { run: { id: string } };
    for (let polls = 0; ; polls += 1) {
      const status = await fetch(`${url}/api/config/runs/${run.id}`, { headers, signal: AbortSignal.timeout(10_000) });
      if (((await status.json()) as { running: boolean }).running === false) break;
      if (polls > 300) throw new Error('the warm-up run did not finish');
      await sleep(20);
    }
  };

  for (let i = 0; i < iterations && !failed; i += 1) {
    await enableAndWait(server.url, i % 4 < 2 ? '' : 'us-east-1');
    const before = await readSettings(env);
    expect(before.packages.enabled).toBe(true);
    const body = { enabled: false, version: before.version };
    const expected = { ...before.packages, enabled: false };

    const pending = fetch(`${server.url}/api/settings/packages`, {
      method: 'PUT',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    }).catch(() => null);
    // The run goes on after the 202: half the kills are timed from the request, half from the answer,
    // so both the request handling and the run's write are hit.
    if (i % 2 === 1) await pending;
    await sleep(Math.random() * 50);
    await server.kill();
    servers.delete(server);
    await pending;
    server = await startLaneConsole(dataDir);

    JSON.parse(readFileSync(path.join(dataDir, 'settings.json'), 'utf8'));
    const after = await readSettings(env);
    if (after.version === before.version) {
      expect(after.packages).toEqual(before.packages);
      outcomes.old += 1;
    } else {
      expect(after.version).toBe(before.version + 1);
      expect(after.packages).toEqual(expected);
      outcomes.new += 1;
    }
    expect(readFileSync(path.join(dataDir, 'encryption.key')).equals(key)).toBe(true);
    const versions = auditVersions(dataDir);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    // The audit entry follows the durable settings write, so a kill in between may lose only the last one.
    expect([after.version, after.version - 1]).toContain(versions.at(-1));
  }
}

describe('saving survives a crash at any moment', () => {
  it(`${ITERATIONS} SIGKILLs 0-50 ms into a save (from its request or its 202) leave the old or the new settings, the key and the audit log intact`, async () => {
    const owner = ownerClient();
    const bucket = bucketName('crash');
    await createBucket(owner, bucket);
    owner.destroy();
    const outcomes = { old: 0, new: 0 };
    const lanes = await Promise.allSettled(
      Array.from({ length: LANES }, () =>
        lane(bucket, ITERATIONS / LANES, outcomes).catch((error: unknown) => {
          failed = true;
          throw error;
        }),
      ),
    );
    for (const result of lanes) if (result.status === 'rejected') throw result.reason;
    console.log(`crash survival: ${outcomes.old} kills kept the old settings, ${outcomes.new} landed the new ones`);
    // Both sides of the race were exercised, or the test proved nothing.
    expect(outcomes.old + outcomes.new).toBe(ITERATIONS);
    expect(outcomes.old).toBeGreaterThan(0);
    expect(outcomes.new).toBeGreaterThan(0);
  }, 900_000);
});
