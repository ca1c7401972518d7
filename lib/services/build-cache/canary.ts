import 'server-only';
import { randomBytes } from 'node:crypto';
import { callService, expectStatus } from '../http';

// 2.12 answers a stored artifact with 200; the Vercel API it mimics says 202.
export const STORED = [200, 202];
import type { CanaryResult, ProbeTarget, ServiceInput } from '../types';

// An artifact written through the cache's API, read and HEAD-checked back, found in the storage under
// <team>/<id> with the console's own access and removed with it (the cache's API has no delete).

const CANARY_TEAM = 'packages-console-canary';

export async function runBuildCacheCanary(input: ServiceInput, target: ProbeTarget): Promise<CanaryResult> {
  const { baseUrl, rendered, timeoutMs } = target;
  const id = randomBytes(16).toString('hex');
  const bytes = randomBytes(4096);
  const key = `${CANARY_TEAM}/${id}`;
  const url = `${baseUrl}/v8/artifacts/${id}?slug=${CANARY_TEAM}`;
  const headers = { authorization: `Bearer ${rendered.client.bearerToken}` };
  const storage = input.openStorage();
  const result: CanaryResult = { ok: false, storedKeys: [], leftovers: [] };
  try {
    expectStatus(await callService(url, { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: bytes, timeoutMs }), STORED, 'artifact write');
    const read = await callService(url, { headers, timeoutMs });
    expectStatus(read, 200, 'artifact read');
    if (!read.body.equals(bytes)) throw new Error('artifact read: the bytes differ');
    expectStatus(await callService(url, { method: 'HEAD', headers, timeoutMs }), 200, 'artifact head');
    result.storedKeys = await storage.list(key);
    if (!result.storedKeys.includes(key) || !(await storage.read(key)).equals(bytes)) throw new Error('storage: the artifact is not in the storage');
    result.ok = true;
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    try {
      for (const found of await storage.list(key)) await storage.remove(found);
      result.leftovers = await storage.list(key);
    } finally {
      storage.close();
    }
  }
  if (result.leftovers.length > 0) result.ok = false;
  return result;
}
