import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConsoleEnv } from '@/lib/env';
import { bucketName, createBucket, ownerClient, probeTarget } from '@/lib/storage-check/int-test-support';
import { signIn, TEST_ROOT_PASSWORD } from '@/scripts/test-support/console-client';
import { startConsoleServer, type ConsoleServer } from '@/scripts/test-support/console-server';
import { packagesSubmission } from '@/scripts/test-support/packages-submission';
import { readSettings } from './store';
import type { SettingsSnapshot } from './types';

const ITERATIONS = 100;
const env = { CONSOLE_ROOT_PASSWORD: TEST_ROOT_PASSWORD };
let server: ConsoleServer | null = null;

afterAll(async () => {
  await server?.stop('SIGKILL');
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function auditLines(dataDir: string): { version: number }[] {
  // Every line must parse: a torn or half-written entry is exactly what this test looks for.
  return readFileSync(path.join(dataDir, 'audit.log'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
}

describe('saving survives a crash at any moment', () => {
  it(`${ITERATIONS} SIGKILLs 0-50 ms into a save leave the old or the new settings, the key and the audit log intact`, async () => {
    const owner = ownerClient();
    const bucket = bucketName('crash');
    await createBucket(owner, bucket);
    owner.destroy();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'crash-'));
    const consoleEnv = readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir });
    const target = probeTarget(bucket);

    server = await startConsoleServer({ dataDir, env });
    let client = await signIn(server);
    expect((await client.request('/api/settings/packages', { method: 'PUT', body: packagesSubmission(target, 0) })).status).toBe(200);
    const key = readFileSync(path.join(dataDir, 'encryption.key'));
    const outcomes = { old: 0, new: 0 };

    for (let i = 0; i < ITERATIONS; i += 1) {
      const before: SettingsSnapshot = await readSettings(consoleEnv);
      // Alternate a fast save (disable: no storage check) and a slow one (enable: check, then write).
      const enabling = !before.packages.enabled;
      const region = i % 4 < 2 ? '' : 'us-east-1';
      const body = enabling
        ? packagesSubmission({ ...target, region }, before.version)
        : { enabled: false, version: before.version };
      const expected = enabling ? { ...before.packages, enabled: true, region } : { ...before.packages, enabled: false };

      const pending = client.request('/api/settings/packages', { method: 'PUT', body }).catch(() => null);
      await sleep(Math.random() * 50);
      await server.stop('SIGKILL');
      await pending;

      server = await startConsoleServer({ dataDir, env });
      client = await signIn(server);
      JSON.parse(readFileSync(path.join(dataDir, 'settings.json'), 'utf8'));
      const after = await readSettings(consoleEnv);
      if (after.version === before.version) {
        expect(after.packages).toEqual(before.packages);
        outcomes.old += 1;
      } else {
        expect(after.version).toBe(before.version + 1);
        expect(after.packages).toEqual(expected);
        outcomes.new += 1;
      }
      expect(readFileSync(path.join(dataDir, 'encryption.key')).equals(key)).toBe(true);
      const versions = auditLines(dataDir).map((entry) => entry.version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(new Set(versions).size).toBe(versions.length);
      // The audit entry is written after the settings are durable, so a kill in between may lose only the last one.
      expect([after.version, after.version - 1]).toContain(versions.at(-1));
    }
    console.log(`crash survival: ${outcomes.old} kills kept the old settings, ${outcomes.new} landed the new ones`);
    // Both sides of the race were exercised, or the test proved nothing.
    expect(outcomes.old).toBeGreaterThan(0);
    expect(outcomes.new).toBeGreaterThan(0);
  }, 600_000);
});
