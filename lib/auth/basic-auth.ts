import 'server-only';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { clientKey } from '@/lib/http/ip-address';
import { clientAddress } from '@/lib/http/request-origin';
import { PasswordFileError } from './password-store';
import { verifyRootPassword } from './verify-root-password';

// HTTP basic auth for the Manage API, as GitHub Enterprise Server does it: user `api_key`, password the
// root site administrator password. Failures count towards the same lockout as the console login.

export const BASIC_AUTH_USER = 'api_key';

export type BasicAuthResult =
  | { ok: true; retryAfterSeconds?: undefined }
  | { ok: false; status: 401; reason: 'missing' | 'malformed' | 'wrongPassword' | 'notSetUp'; retryAfterSeconds?: undefined }
  | { ok: false; status: 401; reason: 'locked'; retryAfterSeconds: number }
  | { ok: false; status: 429; reason: 'signInBusy'; retryAfterSeconds: number }
  | { ok: false; status: 503; reason: 'passwordFileUnusable'; retryAfterSeconds?: undefined };

/** `{ user, password }` from an `Authorization: Basic …` header, or null if it is absent or not basic auth. */
export function parseBasicAuthorization(header: string | null): { user: string; password: string } | null {
  const match = /^Basic[ ]+([A-Za-z0-9+/]+={0,2})[ ]*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(match[1], 'base64'));
  } catch {
    return null;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Authenticates a Manage API request. Only a well-formed `api_key:<password>` is a password attempt;
 * a missing or malformed header is refused without counting, so a misconfigured client can't lock the admin out.
 * Answer 401 with `WWW-Authenticate` absent (browsers must not cache these credentials) and, when locked, `Retry-After`;
 * 429 with `Retry-After` when sign-in is too busy to check the password (signInBusy).
 */
export async function authenticateBasicAuth(request: Request, env: ConsoleEnv = readConsoleEnv()): Promise<BasicAuthResult> {
  const header = request.headers.get('authorization');
  if (!header) return { ok: false, status: 401, reason: 'missing' };
  const credentials = parseBasicAuthorization(header);
  if (!credentials || credentials.user !== BASIC_AUTH_USER || credentials.password === '') {
    return { ok: false, status: 401, reason: 'malformed' };
  }
  try {
    const check = await verifyRootPassword(credentials.password, clientKey(clientAddress(request, env)), env);
    if (check.ok) return { ok: true };
    if (check.reason === 'locked') return { ok: false, status: 401, reason: 'locked', retryAfterSeconds: check.retryAfterSeconds };
    // Too many wrong answers from new addresses are waiting their turn: the password was not checked.
    if (check.reason === 'signInBusy') return { ok: false, status: 429, reason: 'signInBusy', retryAfterSeconds: check.retryAfterSeconds };
    return { ok: false, status: 401, reason: check.reason };
  } catch (error) {
    if (error instanceof PasswordFileError) {
      console.error(error.message);
      return { ok: false, status: 503, reason: 'passwordFileUnusable' };
    }
    throw error;
  }
}
