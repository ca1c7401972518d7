// npm run bench:services — configuration runs with npm and the build cache enabled on the Ceph gateway:
// how long a run takes (each ecosystem's new instance started, proven by its canary, switched) and how
// many requests through the fronts failed while runs switched them (goal 0). BENCH_SERVICES_RUNS runs
// (default 5); a loop of requests through each front the whole time (npm: a package lookup that reads
// the bucket; build cache: its status route).
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startBenchConsole } from './bench-console.mjs';
import { reportRows } from './bench-report.mjs';

const RUNS = Number(process.env.BENCH_SERVICES_RUNS ?? 5);
const ROOT_PASSWORD = 'bench services root password';
const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set: run through scripts/with-s3.sh (npm run bench:services)`);
  return process.env[name];
};

async function createBucket(name) {
  const client = new S3Client({
    endpoint: env('S3_TEST_ENDPOINT'),
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: env('S3_TEST_OWNER_ACCESS_KEY'), secretAccessKey: env('S3_TEST_OWNER_SECRET_KEY') },
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: name }));
  } finally {
    client.destroy();
  }
}

// Free ports for the fronts: the bench never takes the default ones a running console may hold.
process.env.CONSOLE_CONTAINER_REGISTRY_PORT = '0';
process.env.CONSOLE_NPM_PORT = '0';
process.env.CONSOLE_BUILD_CACHE_PORT = '0';
const { base, close } = await startBenchConsole({ rootPassword: ROOT_PASSWORD, label: 'bench-services' });
const auth = { authorization: `Basic ${Buffer.from(`api_key:${ROOT_PASSWORD}`).toString('base64')}`, 'content-type': 'application/json' };
const api = async (method, route, body) => {
  const response = await fetch(`${base}/manage/v1${route}`, { method, headers: auth, body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
};

async function applyAndWait() {
  const started = await api('POST', '/config/apply');
  if (started.status !== 202) throw new Error(`apply: HTTP ${started.status} ${JSON.stringify(started.json)}`);
  const t0 = performance.now();
  for (;;) {
    const status = await api('GET', `/config/apply?run_id=${started.json.run_id}`);
    if (status.json.running === false) {
      if (!status.json.successful) throw new Error(`run failed: ${status.json.summary}`);
      return performance.now() - t0;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let failed = false;
try {
  const bucket = `bench-services-${Date.now().toString(36)}`;
  await createBucket(bucket);
  const packages = {
    enabled: true,
    service_url: env('S3_TEST_ENDPOINT'),
    s3_bucket: bucket,
    aws_access_key: env('S3_TEST_OWNER_ACCESS_KEY'),
    aws_secret_key: env('S3_TEST_OWNER_SECRET_KEY'),
    ecosystems: { npm: 'enabled', 'build-cache': 'enabled' },
  };
  const saved = await api('PUT', '/config/settings', { packages });
  if (saved.status !== 204) throw new Error(`settings: HTTP ${saved.status} ${JSON.stringify(saved.json)}`);
  const first = await applyAndWait();
  const services = await api('GET', '/packages/services');
  const url = (id) => services.json.services.find((service) => service.id === id).public_url;
  const targets = [`${url('npm')}/packages-console-bench-lookup`, `${url('build-cache')}/v8/artifacts/status`];
  let requests = 0;
  const failures = [];
  let looping = true;
  const loops = targets.map(async (target) => {
    while (looping) {
      const answer = await fetch(target, { signal: AbortSignal.timeout(10_000) }).then((response) => response.status, (error) => error.name);
      requests += 1;
      if (answer !== 200 && answer !== 404) failures.push(`${target}: ${answer}`);
    }
  });
  const durations = [];
  for (let index = 0; index < RUNS; index += 1) durations.push(await applyAndWait());
  looping = false;
  await Promise.all(loops);
  durations.sort((a, b) => a - b);
  const median = durations[Math.floor(durations.length / 2)];
  console.log(`first run ${(first / 1000).toFixed(1)} s; ${RUNS} runs: ${durations.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s; ${requests} requests, ${failures.length} failed`);
  for (const failure of failures.slice(0, 10)) console.log(`  failed: ${failure}`);
  reportRows('Configuration runs with npm and the build cache (start + canary + switch)', [
    { figure: 'run with both ecosystems, median', target: 'reference', measured: `${(median / 1000).toFixed(1)} s`, pass: null },
    { figure: 'run with both ecosystems, slowest', target: 'reference', measured: `${(durations.at(-1) / 1000).toFixed(1)} s`, pass: null },
    { figure: 'requests failed through the fronts during runs', target: '0', measured: `${failures.length} of ${requests}`, pass: failures.length === 0 },
  ]);
  failed = failures.length > 0;
} finally {
  await close();
}
process.exit(failed ? 1 : 0);
