import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { callService, expectStatus } from '../http';
import type { CanaryResult, ProbeTarget, ServiceInput } from '../types';
import { npmLogin } from './client';
import { CANARY_SCOPE, KEY_PREFIX } from './config';

// A package published through Verdaccio's API by the console's canary account, downloaded back, its
// tarball found in the bucket or container with the console's own access, then unpublished; whatever the
// unpublish left is removed with the console's access and reported.

/** Where one canary lives: in the scope only the canary account may use (config.ts), in the registry and in the storage. */
export interface CanaryPackage {
  name: string;
  version: string;
  /** The package document's path, the scope's slash encoded as the npm client sends it. */
  documentPath: string;
  tarballPath: string;
  /** The key of its attachment in the publish document, as the npm client names it. */
  attachment: string;
  /** The folder of its objects in the bucket or container. */
  storagePrefix: string;
}

/** `@console-canary/canary-<hex>` at `0.0.0-canary-<run id>`: a canary version found anywhere names the run that published it. */
export function canaryPackage(runId: string | undefined, hex = randomBytes(6).toString('hex')): CanaryPackage {
  const bare = `canary-${hex}`;
  const name = `${CANARY_SCOPE}/${bare}`;
  // Without a run (a test calling the canary itself) the random part stands in; a prerelease takes [0-9A-Za-z-] only.
  const version = `0.0.0-canary-${(runId || hex).replace(/[^0-9A-Za-z-]/g, '-')}`;
  return {
    name,
    version,
    documentPath: `/${CANARY_SCOPE}%2f${bare}`,
    tarballPath: `/${name}/-/${bare}-${version}.tgz`,
    attachment: `${name}-${version}.tgz`,
    storagePrefix: `${KEY_PREFIX}${name}/`,
  };
}

function publishDocument({ name, version, tarballPath, attachment }: CanaryPackage, tarball: Buffer, baseUrl: string): unknown {
  return {
    _id: name,
    name,
    'dist-tags': { latest: version },
    versions: {
      [version]: { name, version, _id: `${name}@${version}`, dist: { shasum: createHash('sha1').update(tarball).digest('hex'), tarball: `${baseUrl}${tarballPath}` } },
    },
    _attachments: { [attachment]: { content_type: 'application/octet-stream', data: tarball.toString('base64'), length: tarball.length } },
  };
}

export async function runNpmCanary(input: ServiceInput, target: ProbeTarget): Promise<CanaryResult> {
  const { baseUrl, rendered, timeoutMs } = target;
  const canary = canaryPackage(target.runId);
  const tarball = gzipSync(randomBytes(512));
  const storage = input.openStorage();
  const result: CanaryResult = { ok: false, storedKeys: [], leftovers: [] };
  const prefix = canary.storagePrefix;
  try {
    const token = await npmLogin(baseUrl, rendered.client.username ?? '', rendered.client.password ?? '', timeoutMs);
    const auth = { authorization: `Bearer ${token}` };
    const published = await callService(`${baseUrl}${canary.documentPath}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(publishDocument(canary, tarball, baseUrl)),
      timeoutMs,
    });
    expectStatus(published, 201, 'publish');
    // The canary's scope is readable by the canary account only.
    const downloaded = await callService(`${baseUrl}${canary.tarballPath}`, { headers: auth, timeoutMs });
    expectStatus(downloaded, 200, 'download');
    if (!downloaded.body.equals(tarball)) throw new Error('download: the bytes differ from the published tarball');
    result.storedKeys = await storage.list(prefix);
    const tarballKey = result.storedKeys.find((key) => key.endsWith('.tgz'));
    if (!tarballKey || !(await storage.read(tarballKey)).equals(tarball)) throw new Error('storage: the tarball is not in the bucket or container');
    const meta = await callService(`${baseUrl}${canary.documentPath}?write=true`, { headers: auth, timeoutMs });
    const rev = (JSON.parse(meta.body.toString('utf8')) as { _rev?: string })._rev ?? '0-0';
    expectStatus(await callService(`${baseUrl}${canary.documentPath}/-rev/${rev}`, { method: 'DELETE', headers: auth, timeoutMs }), 201, 'unpublish');
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
