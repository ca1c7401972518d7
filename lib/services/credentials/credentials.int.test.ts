import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { npmClient } from '@/lib/testing/npm-client';
import { bucketName, createBucket, ownerClient, removeBucket } from '@/lib/testing/s3-int-support';
import { s3Settings, tempDir } from '@/lib/testing/services';
import { KEY_PREFIX } from '../npm/config';
import { connectControlSocket, listenControlSocket } from '../supervisor/control-socket';
import { freePort } from '../supervisor/free-port';
import { ServicesSupervisor } from '../supervisor/services-supervisor';
import { addCredential, credentialsPath, revokeCredential } from './store';

// Admins' credentials on the real services (Verdaccio and the Turborepo cache on the Ceph gateway, under
// the supervisor): a credential added and refreshed lets the stock npm client log in and publish into
// the bucket, a revoked one is refused after the refresh; a build-cache token works with a stock HTTP
// client (refreshed through the control socket, as a CLI would), a wrong one gets 401; downloads through
// the front keep succeeding during a refresh; no secret reaches a service log.

const owner = ownerClient();
const bucket = bucketName('creds');
let dir: string;
let env: ConsoleEnv;
let supervisor: ServicesSupervisor;
let socket: http.Server;
let npmUrl: string;
let cacheUrl: string;
const seen: string[] = [];
const pkg = `creds-test-${randomBytes(4).toString('hex')}`;

async function packageDir(version: string): Promise<string> {
  const target = path.join(dir, `pkg-${version}`);
  await fs.mkdir(target, { recursive: true });
  await fs.writeFile(path.join(target, 'package.json'), JSON.stringify({ name: pkg, version }));
  await fs.writeFile(path.join(target, 'index.js'), `module.exports = ${JSON.stringify(version)};\n`);
  return target;
}

/** GETs `url` in a loop until stopped: how many answered `status`, and what else came back. */
function downloadLoop(url: string, status = 200) {
  let running = true;
  const outcomes = { ok: 0, failed: [] as string[] };
  const loop = async () => {
    while (running) {
      try {
        const answer = await fetch(url);
        await answer.arrayBuffer();
        if (answer.status === status) outcomes.ok += 1;
        else outcomes.failed.push(`HTTP ${answer.status}`);
      } catch (error) {
        outcomes.failed.push(String(error));
      }
    }
  };
  const loops = [loop(), loop()];
  return async () => {
    running = false;
    await Promise.all(loops);
    return outcomes;
  };
}

beforeAll(async () => {
  await createBucket(owner, bucket);
  dir = await tempDir('creds');
  const ports = { npm: await freePort(), 'build-cache': await freePort(), 'container-registry': await freePort() };
  env = { ...readConsoleEnv(), dataDir: path.join(dir, 'data'), encryptionKey: null, services: { host: '127.0.0.1', ports, readyTimeoutMs: 60_000, modulesDir: path.resolve('scripts/services/node_modules') } };
  npmUrl = `http://127.0.0.1:${ports.npm}`;
  cacheUrl = `http://127.0.0.1:${ports['build-cache']}`;
  const settings = { ...s3Settings(bucket), npmMode: 'enabled', buildCacheMode: 'enabled' };
  supervisor = await ServicesSupervisor.start(env, { graceMs: 3000, loadSettings: async () => settings });
  socket = await listenControlSocket(env.dataDir, supervisor);
  // Nothing serves yet: a refresh has nothing to do.
  expect(await supervisor.refreshCredentials('npm')).toEqual({ id: 'npm', action: 'none' });
  const staged = await supervisor.stageRun('run-1');
  expect(staged.map((outcome) => outcome.action)).toEqual(['started', 'started', 'none']);
  expect((await supervisor.proveRun('run-1')).every((outcome) => outcome.ok)).toBe(true);
  await supervisor.commitRun('run-1');
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => socket?.close(resolve));
  await supervisor?.shutdown();
  await removeBucket(owner, bucket);
});

describe('npm credentials', () => {
  let client: ReturnType<typeof npmClient>;

  it('are refused before the refresh, then let the stock npm client log in and publish into the bucket', async () => {
    const { secret } = await addCredential(env, 'npm', 'ci-bot');
    seen.push(secret);
    client = npmClient(path.join(dir, 'npm-ci-bot'), npmUrl);
    await fs.mkdir(path.join(dir, 'npm-ci-bot', 'home'), { recursive: true });
    const early = await client.login('ci-bot', secret);
    expect(early.code).not.toBe(0);

    const before = supervisor.runner('npm').current!.baseUrl;
    expect(await supervisor.refreshCredentials('npm')).toEqual({ id: 'npm', action: 'refreshed' });
    expect(supervisor.runner('npm').current!.baseUrl).not.toBe(before);
    const login = await client.login('ci-bot', secret);
    expect(login.code, login.stdout + login.stderr).toBe(0);
    expect(await fs.readFile(client.userconfig, 'utf8')).toContain('_authToken=');

    const published = await client.run(['publish'], await packageDir('1.0.0'));
    expect(published.code, published.stderr).toBe(0);
    const key = `${KEY_PREFIX}${pkg}/${pkg}-1.0.0.tgz`;
    const listed = await owner.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${KEY_PREFIX}${pkg}/` }));
    expect((listed.Contents ?? []).map((item) => item.Key)).toContain(key);
  }, 180_000);

  it('refuses a revoked credential after the refresh, its token included, while downloads through the front never fail', async () => {
    await revokeCredential(env, 'npm', 'ci-bot');
    const stop = downloadLoop(`${npmUrl}/${pkg}`);
    expect(await supervisor.refreshCredentials('npm')).toEqual({ id: 'npm', action: 'refreshed' });
    const downloads = await stop();
    expect(downloads.failed).toEqual([]);
    expect(downloads.ok).toBeGreaterThan(5);

    const refused = await client.run(['publish'], await packageDir('1.0.1'));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/E401|E403|401|403/);
    const listed = await owner.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${KEY_PREFIX}${pkg}/` }));
    expect((listed.Contents ?? []).map((item) => item.Key)).not.toContain(`${KEY_PREFIX}${pkg}/${pkg}-1.0.1.tgz`);
    const again = await client.login('ci-bot', seen[0]!);
    expect(again.code).not.toBe(0);
  }, 180_000);
});

describe('build cache credentials', () => {
  it('work as bearer tokens after a refresh asked through the control socket; a wrong token gets 401', async () => {
    const { secret } = await addCredential(env, 'build-cache', 'turbo-ci');
    seen.push(secret);
    const id = randomBytes(8).toString('hex');
    const url = `${cacheUrl}/v8/artifacts/${id}?slug=team-a`;
    const bytes = randomBytes(32 * 1024);
    const put = (token: string) => fetch(url, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: bytes });
    expect((await put(secret)).status).toBe(401);

    const gateway = await connectControlSocket(env);
    expect(gateway).not.toBeNull();
    expect(await gateway!.refreshCredentials('build-cache')).toEqual({ id: 'build-cache', action: 'refreshed' });
    await expect(gateway!.refreshCredentials('no-such-ecosystem')).rejects.toThrow('unknown packages service');

    expect([200, 202]).toContain((await put(secret)).status);
    const read = await fetch(url, { headers: { authorization: `Bearer ${secret}` } });
    expect(read.status).toBe(200);
    expect(Buffer.from(await read.arrayBuffer()).equals(bytes)).toBe(true);
    const stored = await owner.send(new GetObjectCommand({ Bucket: bucket, Key: `team-a/${id}` }));
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(bytes)).toBe(true);

    expect((await put(`${secret}x`)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${randomBytes(32).toString('base64url')}` } })).status).toBe(401);
    // The console's own token still works beside the admins'.
    const own = supervisor.runner('build-cache').current!.rendered.client.bearerToken!;
    expect((await fetch(url, { headers: { authorization: `Bearer ${own}` } })).status).toBe(200);
  }, 180_000);
});

describe('secrets', () => {
  it('are in no service log and not in clear in the credentials file', async () => {
    expect(seen).toHaveLength(2);
    const logs = await Promise.all(['npm', 'build-cache'].map((id) => fs.readFile(path.join(env.dataDir, 'services', `${id}.log`), 'utf8')));
    expect(logs.join('').length).toBeGreaterThan(0);
    const file = await fs.readFile(credentialsPath(env.dataDir), 'utf8');
    for (const secret of seen) {
      for (const text of [...logs, file]) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(Buffer.from(secret).toString('base64'));
      }
    }
  });
});
