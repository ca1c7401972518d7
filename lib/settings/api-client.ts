import type { ApiErrorBody, CheckSuccessBody, SaveSuccessBody } from './api-types';
import type { PackagesSettingsInput } from './schema';

export const SETTINGS_ENDPOINT = '/api/settings/packages';
export const CHECK_ENDPOINT = '/api/settings/packages/check';
// Longer than the server's storage-check deadline, so the server's own timeout message wins.
const REQUEST_TIMEOUT_MS = 45_000;

export type ApiResult<T> =
  | { kind: 'ok'; body: T }
  | { kind: 'error'; status: number; body: ApiErrorBody }
  | { kind: 'network' };

async function send<T>(url: string, method: 'PUT' | 'POST', values: PackagesSettingsInput, locale: string): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', 'accept-language': locale },
      body: JSON.stringify(values),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      cache: 'no-store',
    });
  } catch {
    return { kind: 'network' };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && body) return { kind: 'ok', body: body as T };
  if (body && typeof body === 'object' && 'message' in body) {
    return { kind: 'error', status: response.status, body: body as ApiErrorBody };
  }
  return { kind: 'network' };
}

export function saveSettings(values: PackagesSettingsInput, locale: string) {
  return send<SaveSuccessBody>(SETTINGS_ENDPOINT, 'PUT', values, locale);
}

export function testStorageSettings(values: PackagesSettingsInput, locale: string) {
  return send<CheckSuccessBody>(CHECK_ENDPOINT, 'POST', values, locale);
}
