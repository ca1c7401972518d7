import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConsoleEnv } from '@/lib/env';
import { bucketName, createBucket, ownerClient, probeTarget } from '@/lib/storage-check/int-test-support';
import { signIn, TEST_ROOT_PASSWORD } from '@/scripts/test-support/console-client';
import { startConsoleServer, type ConsoleServer } from '@/scripts/test-support/console-server';
import { packagesSubmission } from '@/scripts/test-support/packages-submission';
import { readAuditLog } from './audit-log';
import { readSettings } from './store';

const CLIENTS = 20;
const SAVES = 200;
const VARIANTS = [
  { region: '', pathStyle: 'auto' },
  { region: 'us-east-1', pathStyle: 'auto' },
  { region: '', pathStyle: 'path' },
  { region: 'us-east-1', pathStyle: 'path' },
] as const;
let server: ConsoleServer | null = null;

afterAll(async () => {
  await server?.stop();
});

describe('concurrent saves', () => {
  it(`${SAVES} saves from ${CLIENTS} parallel clients: each lands with a new version or gets 409, nothing is lost or doubled`, async () => {
    const owner = ownerClient();
    const bucket = bucketName('concurrent');
    await createBucket(owner, bucket);
    owner.destroy();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'concurrent-'));
    const target = probeTarget(bucket);
    server = await startConsoleServer({ dataDir, env: { CONSOLE_ROOT_PASSWORD: TEST_ROOT_PASSWORD } });
    const client = await signIn(server);
    expect((await client.request('/api/settings/packages', { method: 'PUT', body: packagesSubmission(target, 0) })).status).toBe(200);

    let remaining = SAVES;
    const landed: { version: number; variant: (typeof VARIANTS)[number] }[] = [];
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, clientIndex) => {
        while (remaining > 0) {
          remaining -= 1;
          const { body: current } = await client.request('/api/settings/packages');
          const variant = VARIANTS[(clientIndex + statuses.length) % VARIANTS.length]!;
          const save = await client.request('/api/settings/packages', { method: 'PUT', body: packagesSubmission({ ...target, ...variant }, current.version) });
          statuses.push(save.status);
          if (save.status === 200) landed.push({ version: save.body.settings.version, variant });
        }
      }),
    );

    expect(statuses).toHaveLength(SAVES);
    expect(statuses.filter((status) => status !== 200 && status !== 409)).toEqual([]);
    const versions = landed.map((save) => save.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: landed.length }, (_, i) => i + 2));
    const audit = await readAuditLog(dataDir);
    expect(audit.map((entry) => entry.version)).toEqual([1, ...versions]);

    const last = landed.find((save) => save.version === versions.at(-1))!;
    const final = await readSettings(readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir }));
    expect(final.version).toBe(last.version);
    expect(final.packages).toMatchObject({ ...last.variant, bucket, enabled: true, secretKey: target.secretKey });
    console.log(`concurrent saves: ${landed.length} landed, ${SAVES - landed.length} refused with 409`);
  }, 300_000);
});
