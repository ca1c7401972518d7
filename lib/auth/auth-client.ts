// Browser side of /api/auth/login and /api/auth/setup. Answers arrive already localized
// (Accept-Language is the page's locale), so the forms show `message` as it is.

export const LOGIN_ENDPOINT = '/api/auth/login';
export const SETUP_ENDPOINT = '/api/auth/setup';
// scrypt takes ~0.1 s per attempt and attempts run one at a time: leave room for a queue.
const REQUEST_TIMEOUT_MS = 20_000;

export interface AuthErrorBody {
  message: string;
  errors: { field: string | null; code: string; message: string }[];
  retryAfterSeconds?: number;
}

export type AuthResult = { kind: 'ok'; redirectTo: string } | { kind: 'error'; status: number; body: AuthErrorBody } | { kind: 'network' };

export async function postAuth(url: string, values: Record<string, string>, locale: string): Promise<AuthResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': locale },
      body: JSON.stringify(values),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch {
    return { kind: 'network' };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && body && typeof (body as { redirectTo?: unknown }).redirectTo === 'string') {
    return { kind: 'ok', redirectTo: (body as { redirectTo: string }).redirectTo };
  }
  if (body && typeof body === 'object' && typeof (body as AuthErrorBody).message === 'string' && Array.isArray((body as AuthErrorBody).errors)) {
    return { kind: 'error', status: response.status, body: body as AuthErrorBody };
  }
  return { kind: 'network' };
}

/** Only a path on this site: the server already checked it, this keeps a tampered answer from leaving the console. */
export function goTo(path: string): void {
  window.location.assign(path.startsWith('/') && !path.startsWith('//') ? path : '/');
}
