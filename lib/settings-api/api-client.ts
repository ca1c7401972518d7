import type { ApiErrorBody, CheckSuccessBody, SaveStartedBody } from './api-types';
import type { PackagesSettingsInput } from '@/lib/settings/schema';
import type { PublicSettingsSnapshot } from '@/lib/settings/types';

export const SETTINGS_ENDPOINT = '/api/settings/packages';
export const CHECK_ENDPOINT = '/api/settings/packages/check';
// Longer than the server's storage-check deadline (CONSOLE_CHECK_TIMEOUT_MS, at most 40 s), so the
// server's own timeout message wins.
export const REQUEST_TIMEOUT_MS = 45_000;

export type ApiResult<T> =
  | { kind: 'ok'; body: T }
  | { kind: 'error'; status: number; body: ApiErrorBody }
  /** The console answered, but not with one of its own errors (e.g. a crash): not a network problem. */
  | { kind: 'server'; status: number }
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
  return { kind: 'server', status: response.status };
}

/** Starts a configuration run (202 with the run) or says why not. */
export function saveSettings(values: PackagesSettingsInput, locale: string) {
  return send<SaveStartedBody>(SETTINGS_ENDPOINT, 'PUT', values, locale);
}

/** The saved settings (no secret), e.g. after a run applied them. Null if the console did not answer. */
export async function fetchSettings(): Promise<PublicSettingsSnapshot | null> {
  try {
    const response = await fetch(SETTINGS_ENDPOINT, { cache: 'no-store', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    return response.ok ? ((await response.json()) as PublicSettingsSnapshot) : null;
  } catch {
    return null;
  }
}

export function testStorageSettings(values: PackagesSettingsInput, locale: string) {
  return send<CheckSuccessBody>(CHECK_ENDPOINT, 'POST', values, locale);
}
