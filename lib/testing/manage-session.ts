import { basic, manageClient } from '@/lib/testing/manage-client';
import { ROOT_PASSWORD } from './run-console';

/** A Manage API client for a started console, holding every answer against its served OpenAPI document. */
export async function manageSession(url: string) {
  const response = await fetch(`${url}/manage/v1/openapi.json`, { headers: { authorization: basic(ROOT_PASSWORD) }, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`openapi.json: ${response.status}`);
  return manageClient(url, await response.json(), ROOT_PASSWORD);
}

export const versionOf = (etag: string | null) => Number((etag ?? '').replaceAll('"', ''));
