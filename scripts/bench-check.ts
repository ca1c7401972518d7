// npm run bench:check — storage-check wall time in round trips, through a latency proxy in front of
// the local Ceph gateway (run under scripts/with-s3.sh). BENCH_DELAY_MS (default 50) is added each way.
import { performance } from 'node:perf_hooks';
import { createBucket, ownerClient, probeTarget, bucketName, removeBucket } from '../lib/storage-check/int-test-support';
import { runStorageCheck } from '../lib/storage-check/run-storage-check';
import { startLatencyProxy } from './latency-proxy';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 50);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const gateway = new URL(process.env.S3_TEST_ENDPOINT ?? '');
const proxy = await startLatencyProxy({ host: gateway.hostname, port: Number(gateway.port) }, DELAY_MS);
const owner = ownerClient();
const bucket = bucketName('bench');
try {
  await createBucket(owner, bucket);
  const serviceUrl = `http://127.0.0.1:${proxy.port}`;

  // One round trip: a small anonymous request on a kept-alive connection, as a warm S3 call would be.
  const rtts: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    const response = await fetch(`${serviceUrl}/`, { signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    rtts.push(performance.now() - started);
  }
  const rtt = median(rtts.slice(1));

  const time = async (schedule: 'parallel' | 'sequential') => {
    const walls: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const result = await runStorageCheck(probeTarget(bucket, { serviceUrl }), { timeoutMs: 30_000, schedule });
      if (!result.ok) throw new Error(`check failed during the benchmark: ${JSON.stringify(result.errors)}`);
      walls.push(result.durationMs);
    }
    return median(walls);
  };
  const parallel = await time('parallel');
  const sequential = await time('sequential');

  const rows: [string, string, string, boolean | null][] = [
    ['round-trip time (median)', '-', `${rtt.toFixed(0)} ms`, null],
    ['check, parallel rounds (median)', '-', `${parallel.toFixed(0)} ms`, null],
    ['check, sequential (median)', '-', `${sequential.toFixed(0)} ms`, null],
    ['parallel check / round trip', '<= 3.5', (parallel / rtt).toFixed(2), parallel / rtt <= 3.5],
    ['sequential check / round trip', '-', (sequential / rtt).toFixed(2), null],
    ['parallel / sequential', '<= 0.50', (parallel / sequential).toFixed(2), parallel / sequential <= 0.5],
  ];
  console.log(`bench:check — ${RUNS} runs each, +${DELAY_MS} ms each way through a latency proxy`);
  console.log('figure                            | target | measured | result');
  for (const [name, target, measured, ok] of rows) {
    console.log(`${name.padEnd(34)}| ${target.padEnd(7)}| ${measured.padEnd(9)}| ${ok === null ? '' : ok ? 'pass' : 'FAIL'}`);
  }
} finally {
  await removeBucket(owner, bucket).catch(() => undefined);
  owner.destroy();
  await proxy.close();
}
