// npm run bench:migrate — the migration engine against rclone (`rclone copy --transfers 8 --checksum`)
// on the same objects and endpoints, in the same run: Ceph RGW to RGW, RGW to Azurite. Also the
// resident memory growth of a copy and the bytes a resume moves after a kill -9 at 50%.
// BENCH_MIGRATE_OBJECTS (default 2000) and BENCH_MIGRATE_MAX_BYTES (default 8 MB) make a quicker run.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ContainerSASPermissions, generateBlobSASQueryParameters, StorageSharedKeyCredential } from '@azure/storage-blob';
import { copyObjects, inventory, prefixScopes, sumTotals, verifyObjects, type Progress } from '@/lib/migration';
import { azureEnv } from '@/lib/testing/azurite';
import { azuriteStore, rgwStore, seed, type SeedObject, type TestStore } from '@/lib/testing/migration-stores';
import { s3Env } from '@/lib/testing/s3-int-support';

const COUNT = Number(process.env.BENCH_MIGRATE_OBJECTS ?? 2000);
const MAX = Number(process.env.BENCH_MIGRATE_MAX_BYTES ?? 8_000_000);
const MIN = 1000;
const PREFIXES = ['npm/', 'docker/'];
const MB = 1_000_000;

/** Mostly small (log-uniform 1 KB..1 MB, like package metadata and tarballs), one in ten large (up to MAX, like layers). */
function objects(): SeedObject[] {
  let seed = 42;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  return Array.from({ length: COUNT }, (_, index) => {
    const size = index === 0 ? MAX : index === 1 ? MIN : index % 10 === 0 ? Math.round(MB + random() * (MAX - MB)) : Math.round(MIN * Math.pow(Math.min(MAX, MB) / MIN, random()));
    return { key: `${PREFIXES[index % 2]}obj-${String(index).padStart(5, '0')}`, size, contentType: 'application/octet-stream', metadata: { n: String(index) } };
  });
}

function rcloneEnv(name: string, store: TestStore): Record<string, string> {
  const prefix = `RCLONE_CONFIG_${name.toUpperCase()}_`;
  const v = store.values;
  if (v.storageType === 's3') {
    return { [`${prefix}TYPE`]: 's3', [`${prefix}PROVIDER`]: 'Ceph', [`${prefix}ENDPOINT`]: s3Env.endpoint, [`${prefix}REGION`]: s3Env.region, [`${prefix}ACCESS_KEY_ID`]: v.accessKey ?? '', [`${prefix}SECRET_ACCESS_KEY`]: v.secretKey ?? '', [`${prefix}FORCE_PATH_STYLE`]: 'true' };
  }
  // This rclone takes an endpoint only as a host suffix; a container SAS URL names Azurite's address whole.
  const container = v.azureContainerName ?? '';
  const permissions = ContainerSASPermissions.parse('racwdl');
  const sas = generateBlobSASQueryParameters({ containerName: container, permissions, expiresOn: new Date(Date.now() + 6 * 3600_000) }, new StorageSharedKeyCredential(azureEnv.account, azureEnv.accountKey));
  return { [`${prefix}TYPE`]: 'azureblob', [`${prefix}SAS_URL`]: `${azureEnv.blobEndpoint}/${container}?${sas.toString()}` };
}

const where = (store: TestStore) => store.values.bucket ?? store.values.azureContainerName ?? '';

async function rclone(source: TestStore, target: TestStore): Promise<number> {
  const started = performance.now();
  // From scratch: no AWS_* of the test environment (a CA bundle rclone cannot load), secrets only in env.
  const env = { NODE_ENV: process.env.NODE_ENV, PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', RCLONE_CONFIG: '/dev/null', ...rcloneEnv('benchsrc', source), ...rcloneEnv('benchdst', target) };
  const child = spawn('rclone', ['copy', '--transfers', '8', '--checksum', `benchsrc:${where(source)}`, `benchdst:${where(target)}`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`rclone failed (${code}): ${errors.slice(-2000)}`);
  return (performance.now() - started) / 1000;
}

async function engine(source: TestStore, target: TestStore, bytes: number) {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const journalPath = path.join(mkdtempSync(path.join(tmpdir(), 'bench-migrate-')), 'journal.jsonl');
  const result = await copyObjects({ source: source.access, target: target.access, scopes: prefixScopes(PREFIXES), journalPath });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if (result.failures.length > 0 || result.bytesMoved !== bytes) throw new Error(`copy incomplete: ${JSON.stringify(result.failures.slice(0, 5))}`);
  const verifyStarted = performance.now();
  const verified = await verifyObjects({ source: source.access, target: target.access, scopes: prefixScopes(PREFIXES), journalPath });
  if (verified.mismatches.length > 0 || !verified.countsMatch) throw new Error(`verify failed: ${JSON.stringify(verified.mismatches.slice(0, 5))}`);
  return { seconds, rssGrowthMb: (peak - baseline) / MB, verifySeconds: (performance.now() - verifyStarted) / 1000 };
}

/** A copy in a child process, SIGKILLed once half the bytes are done; then a resume here. */
async function killAndResume(source: TestStore, target: TestStore, bytes: number) {
  const journalPath = path.join(mkdtempSync(path.join(tmpdir(), 'bench-migrate-kill-')), 'journal.jsonl');
  const child = spawn(process.execPath, [...process.execArgv, path.join(import.meta.dirname, 'bench-migrate-child.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.end(JSON.stringify({ source: source.values, target: target.values, prefixes: PREFIXES, journalPath }));
  let buffered = '';
  let killedAt = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const progress: Partial<Progress> = JSON.parse(line);
      if (!killedAt && (progress.bytesDone ?? 0) >= bytes / 2) {
        killedAt = progress.bytesDone ?? 0;
        child.kill('SIGKILL');
      }
    }
  });
  await new Promise((resolve) => child.on('close', resolve));
  if (!killedAt) throw new Error('the copy ended before it could be killed at 50%');
  const resumed = await copyObjects({ source: source.access, target: target.access, scopes: prefixScopes(PREFIXES), journalPath });
  if (resumed.failures.length > 0) throw new Error('resume failed');
  return { killedAtFraction: killedAt / bytes, resumedFraction: resumed.bytesMoved / bytes };
}

const stores: TestStore[] = [];
const open = async (make: (label: string) => Promise<TestStore>, label: string) => {
  const store = await make(label);
  stores.push(store);
  return store;
};
try {
  const source = await open(rgwStore, 'bench-src');
  const list = objects();
  const seedStarted = performance.now();
  await seed(source.access, list, 16);
  const totals = sumTotals(await inventory(source.access, PREFIXES));
  console.log(`source: ${totals.objects} objects, ${(totals.bytes / MB).toFixed(0)} MB (seeded in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s)`);
  const rows = [];
  for (const [name, make] of [['RGW -> RGW', rgwStore], ['RGW -> Azurite', azuriteStore]] as const) {
    const ours = await open(make, 'bench-eng');
    const mine = await engine(source, ours, totals.bytes);
    await ours.remove();
    const theirs = await open(make, 'bench-rcl');
    const rcloneSeconds = await rclone(source, theirs);
    await theirs.remove();
    const copy = (totals.bytes / MB) / mine.seconds;
    const other = (totals.bytes / MB) / rcloneSeconds;
    rows.push({ pair: name, engineMBps: copy.toFixed(1), rcloneMBps: other.toFixed(1), ratio: (copy / other).toFixed(2), rssGrowthMB: mine.rssGrowthMb.toFixed(0), verifySeconds: mine.verifySeconds.toFixed(1) });
  }
  const killed = await open(rgwStore, 'bench-kill');
  const resume = await killAndResume(source, killed, totals.bytes);
  console.table(rows);
  console.log(`kill -9 at ${(resume.killedAtFraction * 100).toFixed(1)}% of bytes, resume moved ${(resume.resumedFraction * 100).toFixed(1)}% of bytes`);
  console.log(JSON.stringify({ objects: totals.objects, bytes: totals.bytes, rows, resume }));
} finally {
  for (const store of stores) await store.remove().catch(() => undefined);
}
