// npm run bench:migrate — the migration engine against rclone (`rclone copy --transfers 8 --checksum`)
// on the same objects and endpoints, in the same run: Ceph RGW to RGW, RGW to Azurite. Also the
// resident memory growth of a copy and the bytes a resume moves after a kill -9 at 50%.
// BENCH_MIGRATE_OBJECTS (default 2000) and BENCH_MIGRATE_MAX_BYTES (default 8 MB) make a quicker run;
// BENCH_MIGRATE_CONCURRENCY sets the copy's objects in flight. Each side runs BENCH_MIGRATE_ROUNDS times
// (default 3), taking turns to go first; the figures are medians, `rounds` lists each run's MB/s. CPU
// columns: the copy / rclone, and the storage servers while each ran.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
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
const ROUNDS = Number(process.env.BENCH_MIGRATE_ROUNDS ?? 3);
const CONCURRENCY = process.env.BENCH_MIGRATE_CONCURRENCY ? Number(process.env.BENCH_MIGRATE_CONCURRENCY) : undefined;
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

/** CPU seconds the storage servers (gateway, Azurite) have used so far: the copies share the cores with them. */
function serverCpuSeconds(): number {
  const pidFiles = [
    ...readdirSync(path.join(process.env.S3_TEST_DIR ?? '', 'pids')).map((name) => path.join(process.env.S3_TEST_DIR ?? '', 'pids', name)),
    path.join(process.env.AZURE_TEST_DIR ?? '', 'azurite.pid'),
  ];
  let ticks = 0;
  for (const file of pidFiles) {
    try {
      const stat = readFileSync(`/proc/${readFileSync(file, 'utf8').trim()}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      ticks += Number(stat[11]) + Number(stat[12]);
    } catch {
      // A server not running (Azurite before its first pair) used nothing.
    }
  }
  return ticks / 100;
}

/** One copy: its time, its own CPU and the storage servers' CPU while it ran (the copy only, not the verify). */
interface Measured {
  seconds: number;
  cpuSeconds: number;
  serverCpuSeconds: number;
  rssGrowthMb?: number;
  verifySeconds?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const where = (store: TestStore) => store.values.bucket ?? store.values.azureContainerName ?? '';

async function rclone(source: TestStore, target: TestStore): Promise<Measured> {
  const started = performance.now();
  const serversBefore = serverCpuSeconds();
  const timing = path.join(mkdtempSync(path.join(tmpdir(), 'bench-rclone-')), 'cpu');
  // From scratch: no AWS_* of the test environment (a CA bundle rclone cannot load), secrets only in env.
  const env = { NODE_ENV: process.env.NODE_ENV, PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', RCLONE_CONFIG: '/dev/null', ...rcloneEnv('benchsrc', source), ...rcloneEnv('benchdst', target) };
  const child = spawn('/usr/bin/time', ['-f', '%U %S', '-o', timing, 'rclone', 'copy', '--transfers', '8', '--checksum', `benchsrc:${where(source)}`, `benchdst:${where(target)}`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`rclone failed (${code}): ${errors.slice(-2000)}`);
  const [user, system] = readFileSync(timing, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (user ?? 0) + (system ?? 0), serverCpuSeconds: serverCpuSeconds() - serversBefore };
}

async function engine(source: TestStore, target: TestStore, bytes: number): Promise<Measured> {
  // No forced collection before: it shrinks V8's young generation, and the copy then pays for many more
  // collections while it grows back (measured: 5 s of CPU instead of 3 s), which a console never does.
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const serversBefore = serverCpuSeconds();
  const journalPath = path.join(mkdtempSync(path.join(tmpdir(), 'bench-migrate-')), 'journal.jsonl');
  const result = await copyObjects({ source: source.access, target: target.access, scopes: prefixScopes(PREFIXES), journalPath, concurrency: CONCURRENCY });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const serversUsed = serverCpuSeconds() - serversBefore;
  clearInterval(sampler);
  if (result.failures.length > 0 || result.bytesMoved !== bytes) throw new Error(`copy incomplete: ${JSON.stringify(result.failures.slice(0, 5))}`);
  const verifyStarted = performance.now();
  const verified = await verifyObjects({ source: source.access, target: target.access, scopes: prefixScopes(PREFIXES), journalPath });
  if (verified.mismatches.length > 0 || !verified.countsMatch) throw new Error(`verify failed: ${JSON.stringify(verified.mismatches.slice(0, 5))}`);
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, serverCpuSeconds: serversUsed, rssGrowthMb: (peak - baseline) / MB, verifySeconds: (performance.now() - verifyStarted) / 1000 };
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
    const mine: Measured[] = [];
    const theirs: Measured[] = [];
    const runEngine = async () => {
      const store = await open(make, 'bench-eng');
      mine.push(await engine(source, store, totals.bytes));
      await store.remove();
    };
    const runRclone = async () => {
      const store = await open(make, 'bench-rcl');
      theirs.push(await rclone(source, store));
      await store.remove();
    };
    // Alternating which goes first: the one that runs second finds the gateway and the caches warmed.
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const run of round % 2 === 0 ? [runEngine, runRclone] : [runRclone, runEngine]) await run();
    }
    const copy = (totals.bytes / MB) / median(mine.map((each) => each.seconds));
    const other = (totals.bytes / MB) / median(theirs.map((each) => each.seconds));
    const cpu = (runs: Measured[]) => median(runs.map((each) => each.cpuSeconds)).toFixed(1);
    const servers = (runs: Measured[]) => median(runs.map((each) => each.serverCpuSeconds)).toFixed(1);
    rows.push({
      pair: name,
      engineMBps: copy.toFixed(1),
      rcloneMBps: other.toFixed(1),
      ratio: (copy / other).toFixed(2),
      rounds: `${mine.map((each) => (totals.bytes / MB / each.seconds).toFixed(0)).join(' ')} / ${theirs.map((each) => (totals.bytes / MB / each.seconds).toFixed(0)).join(' ')}`,
      cpuS: `${cpu(mine)} / ${cpu(theirs)}`,
      serversCpuS: `${servers(mine)} / ${servers(theirs)}`,
      rssGrowthMB: Math.max(...mine.map((each) => each.rssGrowthMb ?? 0)).toFixed(0),
      verifySeconds: median(mine.map((each) => each.verifySeconds ?? 0)).toFixed(1),
    });
  }
  const killed = await open(rgwStore, 'bench-kill');
  const resume = await killAndResume(source, killed, totals.bytes);
  console.table(rows);
  console.log(`kill -9 at ${(resume.killedAtFraction * 100).toFixed(1)}% of bytes, resume moved ${(resume.resumedFraction * 100).toFixed(1)}% of bytes`);
  console.log(JSON.stringify({ objects: totals.objects, bytes: totals.bytes, rows, resume }));
} finally {
  for (const store of stores) await store.remove().catch(() => undefined);
}
