import { REQUEST_TIMEOUT_MS } from './api-client';

// The runs page's Cancel and Resume buttons: a same-site POST, the console's localized answer.

export type RunActionResult = { ok: true; status: number; message: string | null } | { ok: false; status: number | null; message: string | null };

export async function postRunAction(runId: string, action: 'cancel' | 'resume', locale: string): Promise<RunActionResult> {
  let response: Response;
  try {
    response = await fetch(`/api/config/runs/${encodeURIComponent(runId)}/${action}`, {
      method: 'POST',
      headers: { 'accept-language': locale },
      cache: 'no-store',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    return { ok: false, status: null, message: null };
  }
  const body: unknown = await response.json().catch(() => null);
  const message = body && typeof body === 'object' && 'message' in body && typeof body.message === 'string' ? body.message : null;
  return { ok: response.ok, status: response.status, message };
}
