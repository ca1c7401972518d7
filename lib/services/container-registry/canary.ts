import 'server-only';
import { randomBytes } from 'node:crypto';
import { expectStatus } from '../http';
import type { CanaryResult, ProbeTarget, ServiceInput } from '../types';
import { OCI_CONFIG, OCI_LAYER, OCI_MANIFEST, RegistryClient, digestOf } from './client';
import { REGISTRY_ROOT } from './config';

// An image pushed through the registry's API by the console's canary account under a reserved
// repository (a layer, its config and an OCI manifest, by digest: no tag), pulled back by digest, its
// layer found under the bucket's docker/registry/v2/blobs/ with the console's own access, then deleted
// through the API. The API's delete only unlinks a blob from the repository (the registry frees the
// data at garbage collection), so the console removes the blobs, which are random and the canary's
// alone, and the repository's link files itself, and proves nothing is left.
//
// Read-Only: the registry itself refuses pushes, so the canary proves reads only: the repository list
// and a manifest lookup both read the bucket (keys that cannot read it make them fail).

export const CANARY_NAMESPACE = 'console-canary';

/** `console-canary/canary-<run>`: a valid repository name whatever the run id holds. */
export function canaryRepository(runId: string | undefined): string {
  const run = (runId ?? randomBytes(6).toString('hex')).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${CANARY_NAMESPACE}/canary-${run || randomBytes(6).toString('hex')}`;
}

const blobPrefix = (digest: string) => {
  const hex = digest.slice('sha256:'.length);
  return `${REGISTRY_ROOT}blobs/sha256/${hex.slice(0, 2)}/${hex}/`;
};

function manifestOf(config: Buffer, layer: Buffer): Buffer {
  const descriptor = (mediaType: string, bytes: Buffer) => ({ mediaType, digest: digestOf(bytes), size: bytes.length });
  return Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(OCI_CONFIG, config), layers: [descriptor(OCI_LAYER, layer)] }));
}

async function readOnlyProbe(client: RegistryClient, repository: string): Promise<void> {
  expectStatus(await client.call('/v2/_catalog?n=1'), 200, 'repository list');
  expectStatus(await client.call(`/v2/${repository}/manifests/${digestOf(Buffer.alloc(0))}`, { headers: { accept: OCI_MANIFEST } }), 404, 'manifest lookup');
}

export async function runRegistryCanary(input: ServiceInput, target: ProbeTarget): Promise<CanaryResult> {
  const client = new RegistryClient(target.baseUrl, target.rendered.client, target.timeoutMs);
  const repository = canaryRepository(target.runId);
  const result: CanaryResult = { ok: false, storedKeys: [], leftovers: [] };
  if (input.mode === 'read-only') {
    try {
      await readOnlyProbe(client, repository);
      result.ok = true;
    } catch (error) {
      result.error = error instanceof Error ? error.message : String(error);
    }
    return result;
  }
  const layer = randomBytes(4096);
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [digestOf(layer)] }, config: { Labels: { 'packages-console.canary': repository } } }));
  const manifest = manifestOf(config, layer);
  const digests = [digestOf(layer), digestOf(config), digestOf(manifest)];
  const storage = input.openStorage();
  try {
    await client.pushBlob(repository, layer);
    await client.pushBlob(repository, config);
    const manifestDigest = await client.pushManifest(repository, digestOf(manifest), manifest);
    if (manifestDigest !== digestOf(manifest)) throw new Error('manifest push: the registry answered another digest');
    if (!(await client.pull(repository, 'manifests', manifestDigest)).equals(manifest)) throw new Error('manifest pull: the bytes differ');
    if (!(await client.pull(repository, 'blobs', digestOf(layer))).equals(layer)) throw new Error('blob pull: the bytes differ');
    result.storedKeys = await storage.list(blobPrefix(digestOf(layer)));
    const dataKey = result.storedKeys.find((key) => key.endsWith('/data'));
    if (!dataKey || !(await storage.read(dataKey)).equals(layer)) throw new Error('storage: the layer is not in the bucket');
    await client.remove(repository, 'manifests', manifestDigest);
    await client.remove(repository, 'blobs', digestOf(layer));
    await client.remove(repository, 'blobs', digestOf(config));
    result.ok = true;
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    try {
      const prefixes = [...digests.map(blobPrefix), `${REGISTRY_ROOT}repositories/${repository}/`];
      for (const prefix of prefixes) for (const key of await storage.list(prefix)) await storage.remove(key);
      result.leftovers = (await Promise.all(prefixes.map((prefix) => storage.list(prefix)))).flat();
    } finally {
      storage.close();
    }
  }
  if (result.leftovers.length > 0) result.ok = false;
  return result;
}
