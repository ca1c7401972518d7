// npm run bench:check — storage-check wall time in round trips, through a latency proxy in front of
// the local Ceph gateway (run under scripts/with-s3.sh). BENCH_DELAY_MS (default 50) is added each way.
import { performance } from 'node:perf_hooks';
import { createBucket, ownerClient, probeTarget, bucketName, removeBucket } from '@/lib/testing/s3-int-support';
import { runInParallel, runInSequence } from '@/lib/storage/check/run-all';
import { runStorageCheckWith } from '@/lib/storage/s3/check/run-storage-check';
import { reportRows } from './bench-report.mjs';
import { startLatencyProxy } from '../lib/testing/latency-proxy';
import { runAzureStorageCheckWith } from '@/lib/storage/azure/check/run-storage-check';
import { azureEnv, containerName, createContainer, removeContainer } from '@/lib/testing/azurite';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 50);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const proxy = await startLatencyProxy(process.env.S3_TEST_ENDPOINT ?? '', DELAY_MS);
const owner = ownerClient();
const bucket = bucketName('bench');
try {
  await createBucket(owner, bucket);
  const serviceUrl = proxy.url;

  // One round trip: a small anonymous request on a kept-alive connection, as a warm S3 call would be.
  const rtts: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    const response = await fetch(`${serviceUrl}/`, { signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    rtts.push(performance.now() - started);
  }
  const rtt = median(rtts.slice(1));

  // As an admin runs it: the first check for these keys proves removal first (four rounds), the
  // repeats within minutes reuse that proof (three rounds). Both are timed on their own too.
  const time = async (schedule: 'parallel' | 'sequential', reuseCleanupProof: boolean) => {
    const walls: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const all = schedule === 'sequential' ? runInSequence : runInParallel;
      const result = await runStorageCheckWith(all, probeTarget(bucket, { serviceUrl }), { timeoutMs: 30_000, reuseCleanupProof });
      if (!result.ok) throw new Error(`check failed during the benchmark: ${JSON.stringify(result.errors)}`);
      walls.push(result.durationMs);
    }
    return median(walls);
  };
  const repeated = await time('parallel', true);
  const repeatedSequential = await time('sequential', true);
  const first = await time('parallel', false);
  const firstSequential = await time('sequential', false);

  reportRows(`bench:check — ${RUNS} runs each, +${DELAY_MS} ms each way through a latency proxy`, [
    { figure: 'round-trip time (median)', target: '-', measured: `${rtt.toFixed(0)} ms`, pass: null },
    { figure: 'storage check, repeated keys (median)', target: '-', measured: `${repeated.toFixed(0)} ms`, pass: null },
    { figure: 'storage check / round trip', target: '<= 3.5', measured: (repeated / rtt).toFixed(2), pass: repeated / rtt <= 3.5 },
    { figure: 'storage check parallel / sequential', target: '<= 0.50', measured: (repeated / repeatedSequential).toFixed(2), pass: repeated / repeatedSequential <= 0.5 },
    { figure: 'first check of new keys / round trip', target: '-', measured: (first / rtt).toFixed(2), pass: null },
    { figure: 'first check parallel / sequential', target: '<= 0.50', measured: (first / firstSequential).toFixed(2), pass: first / firstSequential <= 0.5 },
  ]);
  await benchAzure();
} finally {
  await removeBucket(owner, bucket).catch(() => undefined);
  owner.destroy();
  await proxy.close();
}

/** The same figures for the Azure check, through a latency proxy in front of Azurite. */
async function benchAzure(): Promise<void> {
  const azureProxy = await startLatencyProxy(process.env.AZURE_TEST_BLOB_ENDPOINT ?? '', DELAY_MS);
  const container = containerName('bench');
  try {
    await createContainer(container);
    const connectionString = `DefaultEndpointsProtocol=http;AccountName=${azureEnv.account};AccountKey=${azureEnv.accountKey};BlobEndpoint=${azureProxy.url}/${azureEnv.account}`;
    const rtts: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const started = performance.now();
      const response = await fetch(`${azureProxy.url}/`, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      rtts.push(performance.now() - started);
    }
    const rtt = median(rtts.slice(1));
    const time = async (schedule: 'parallel' | 'sequential', reuseCleanupProof: boolean) => {
      const walls: number[] = [];
      for (let i = 0; i < RUNS; i += 1) {
        const all = schedule === 'sequential' ? runInSequence : runInParallel;
        const result = await runAzureStorageCheckWith(all, { containerName: container, connectionString }, { timeoutMs: 30_000, reuseCleanupProof });
        if (!result.ok) throw new Error(`Azure check failed during the benchmark: ${JSON.stringify(result.errors)}`);
        walls.push(result.durationMs);
      }
      return median(walls);
    };
    // As for S3: repeats within minutes reuse the proof that deletion works (three rounds); a first check proves it (four).
    const parallel = await time('parallel', true);
    const sequential = await time('sequential', true);
    const first = await time('parallel', false);
    const firstSequential = await time('sequential', false);
    reportRows(`bench:check (Azure) — ${RUNS} runs each, +${DELAY_MS} ms each way through a latency proxy in front of Azurite`, [
      { figure: 'round-trip time (median)', target: '-', measured: `${rtt.toFixed(0)} ms`, pass: null },
      { figure: 'Azure storage check, repeated connection string (median)', target: '-', measured: `${parallel.toFixed(0)} ms`, pass: null },
      { figure: 'Azure storage check / round trip', target: '<= 3.5', measured: (parallel / rtt).toFixed(2), pass: parallel / rtt <= 3.5 },
      { figure: 'Azure storage check parallel / sequential', target: '<= 0.50', measured: (parallel / sequential).toFixed(2), pass: parallel / sequential <= 0.5 },
      { figure: 'first Azure check of a connection string / round trip', target: '-', measured: (first / rtt).toFixed(2), pass: null },
      { figure: 'first Azure check parallel / sequential', target: '<= 0.50', measured: (first / firstSequential).toFixed(2), pass: first / firstSequential <= 0.5 },
    ]);
  } finally {
    await removeContainer(container).catch(() => undefined);
    await azureProxy.close();
  }
}
