import { afterAll, describe, expect, it } from 'vitest';
import { readConsoleEnv } from '@/lib/env';
import { bucketName, createBucket, ownerClient, probeTarget } from '@/lib/testing/s3-int-support';
import { tempDataDir, type ConsoleServer } from '@/lib/testing/console-server';
import { manageSession, versionOf } from '@/lib/testing/manage-session';
import { startRunConsole } from '@/lib/testing/run-console';
import { readAuditLog } from './audit-log';
import { readSettings } from './store';

const CLIENTS = 20;
const SAVES = 200;
const VARIANTS = [
  { s3_region: '', s3_path_style: 'auto' },
  { s3_region: 'us-east-1', s3_path_style: 'auto' },
  { s3_region: '', s3_path_style: 'path' },
  { s3_region: 'us-east-1', s3_path_style: 'path' },
] as const;
let server: ConsoleServer | null = null;

afterAll(async () => {
  await server?.stop();
});

describe('concurrent saves', () => {
  it(`${SAVES} saves from ${CLIENTS} parallel clients with If-Match: each lands with a new version or gets 409/412`, async () => {
    const owner = ownerClient();
    const bucket = bucketName('concurrent');
    await createBucket(owner, bucket);
    owner.destroy();
    const dataDir = await tempDataDir('concurrent');
    const target = probeTarget(bucket);
    server = await startRunConsole(dataDir);
    const call = await manageSession(server.url);
    const first = await call('PUT', '/config/settings', {
      body: { packages: { enabled: true, service_url: target.serviceUrl, s3_bucket: bucket, aws_access_key: target.accessKey, aws_secret_key: target.secretKey } },
    });
    expect(first.status).toBe(204);

    let remaining = SAVES;
    const landed: { version: number; variant: (typeof VARIANTS)[number] }[] = [];
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        while (remaining > 0) {
          remaining -= 1;
          const current = await call('GET', '/config/settings');
          const seen = current.json.packages as { s3_region: string; s3_path_style: string };
          // Always a real change: a save of identical values would (rightly) keep the version.
          const variant = [0, 1, 2, 3].map((k) => VARIANTS[(client + statuses.length + k) % VARIANTS.length]!).find((v) => v.s3_region !== seen.s3_region || v.s3_path_style !== seen.s3_path_style)!;
          const save = await call('PUT', '/config/settings', { body: { packages: variant }, headers: { 'if-match': current.headers.get('etag') ?? '' } });
          statuses.push(save.status);
          if (save.status === 204) landed.push({ version: versionOf(save.headers.get('etag')), variant });
        }
      }),
    );

    expect(statuses).toHaveLength(SAVES);
    expect(statuses.filter((status) => ![204, 409, 412].includes(status))).toEqual([]);
    const versions = landed.map((save) => save.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: landed.length }, (_, i) => i + 2));
    expect((await readAuditLog(dataDir)).map((entry) => entry.version)).toEqual([1, ...versions]);

    const last = landed.find((save) => save.version === versions.at(-1))!;
    const final = await readSettings(readConsoleEnv({ NODE_ENV: 'test', CONSOLE_DATA_DIR: dataDir }));
    expect(final.version).toBe(last.version);
    expect(final.packages).toMatchObject({ region: last.variant.s3_region, pathStyle: last.variant.s3_path_style, bucket, enabled: true, secretKey: target.secretKey });
    console.log(`concurrent saves: ${landed.length} landed, ${SAVES - landed.length} refused (409/412)`);
  }, 600_000);
});
