import { basic, manageClient } from '@/lib/testing/manage-client';
import { ROOT_PASSWORD } from './run-console';

/** A Manage API client for a started console, holding every answer against its served OpenAPI document. */
export async function manageSession(url: string) {
  const response = await fetch(`${url}/manage/v1/openapi.json`, { headers: { authorization: basic(ROOT_PASSWORD) }, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`openapi.json: ${response.status}`);
  return manageClient(url, await response.json(), ROOT_PASSWORD);
}

export const versionOf = (etag: string | null) => Number((etag ?? '').replaceAll('"', ''));

type ManageCall = Awaited<ReturnType<typeof manageSession>>;

/** The status of a configuration run once it has ended (GET /config/apply?run_id=, every 200 ms, 90 s at most: a run may start packages services). */
export async function finishedRun(call: ManageCall, runId: string, locale = 'en'): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 450; attempt += 1) {
    const status = await call('GET', `/config/apply?run_id=${runId}`, { headers: { 'accept-language': locale } });
    if (status.json.running === false) return status.json;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`run ${runId} did not finish`);
}
