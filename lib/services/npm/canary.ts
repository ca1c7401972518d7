import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { callService, expectStatus } from '../http';
import type { CanaryResult, ProbeTarget, ServiceInput } from '../types';
import { npmLogin } from './client';
import { KEY_PREFIX } from './config';

// A package published through Verdaccio's API by the console's canary account, downloaded back, its
// tarball found in the bucket or container with the console's own access, then unpublished; whatever the
// unpublish left is removed with the console's access and reported.

function publishDocument(name: string, version: string, tarball: Buffer, baseUrl: string): unknown {
  const file = `${name}-${version}.tgz`;
  return {
    _id: name,
    name,
    'dist-tags': { latest: version },
    versions: {
      [version]: { name, version, _id: `${name}@${version}`, dist: { shasum: createHash('sha1').update(tarball).digest('hex'), tarball: `${baseUrl}/${name}/-/${file}` } },
    },
    _attachments: { [file]: { content_type: 'application/octet-stream', data: tarball.toString('base64'), length: tarball.length } },
  };
}

export async function runNpmCanary(input: ServiceInput, target: ProbeTarget): Promise<CanaryResult> {
  const { baseUrl, rendered, timeoutMs } = target;
  const name = `packages-console-canary-${randomBytes(6).toString('hex')}`;
  // The run in the version: a canary version found anywhere names the run that published it.
  const version = target.runId ? `0.0.0-canary-${target.runId.replace(/[^0-9A-Za-z-]/g, '-')}` : '0.0.0';
  const tarball = gzipSync(randomBytes(512));
  const storage = input.openStorage();
  const result: CanaryResult = { ok: false, storedKeys: [], leftovers: [] };
  const prefix = `${KEY_PREFIX}${name}/`;
  try {
    const token = await npmLogin(baseUrl, rendered.client.username ?? '', rendered.client.password ?? '', timeoutMs);
    const auth = { authorization: `Bearer ${token}` };
    const published = await callService(`${baseUrl}/${name}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(publishDocument(name, version, tarball, baseUrl)),
      timeoutMs,
    });
    expectStatus(published, 201, 'publish');
    const downloaded = await callService(`${baseUrl}/${name}/-/${name}-${version}.tgz`, { timeoutMs });
    expectStatus(downloaded, 200, 'download');
    if (!downloaded.body.equals(tarball)) throw new Error('download: the bytes differ from the published tarball');
    result.storedKeys = await storage.list(prefix);
    const tarballKey = result.storedKeys.find((key) => key.endsWith('.tgz'));
    if (!tarballKey || !(await storage.read(tarballKey)).equals(tarball)) throw new Error('storage: the tarball is not in the bucket or container');
    const meta = await callService(`${baseUrl}/${name}?write=true`, { headers: auth, timeoutMs });
    const rev = (JSON.parse(meta.body.toString('utf8')) as { _rev?: string })._rev ?? '0-0';
    expectStatus(await callService(`${baseUrl}/${name}/-rev/${rev}`, { method: 'DELETE', headers: auth, timeoutMs }), 201, 'unpublish');
    result.ok = true;
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    try {
      result.leftovers = await storage.list(prefix);
      for (const key of result.leftovers) await storage.remove(key);
    } finally {
      storage.close();
    }
  }
  if (result.leftovers.length > 0) result.ok = false;
  return result;
}
