import { authError, invalidBodyResponse, loginBodySchema, passwordFileResponse, passwordMessage, signedInResponse } from '@/lib/auth/auth-api';
import { crossSiteResponse } from '@/lib/auth/auth-responses';
import { isCrossSiteRequest } from '@/lib/auth/csrf';
import { PasswordFileError } from '@/lib/auth/password-store';
import { safeReturnPath } from '@/lib/auth/return-path';
import { verifyRootPassword } from '@/lib/auth/verify-root-password';
import { readConsoleEnv } from '@/lib/env';
import { clientKey } from '@/lib/http/ip-address';
import { clientAddress, isSecureRequest } from '@/lib/http/request-origin';
import { readJsonBody } from '@/lib/http/read-json-body';
import { apiTranslator } from '@/lib/i18n/api-translator';
import { requestProblemResponse } from '@/lib/http/json-response';

export const dynamic = 'force-dynamic';

/** Sign in with the root password: `{ password, next? }` → `{ redirectTo }` and a session cookie. Public (it is the way in). */
export async function POST(request: Request) {
  if (isCrossSiteRequest(request)) return crossSiteResponse(request);
  const t = await apiTranslator(request);
  const { locale } = t;
  const body = await readJsonBody(request);
  if (!body.ok) return requestProblemResponse(body.code, t);
  const parsed = loginBodySchema.safeParse(body.value);
  if (!parsed.success) return invalidBodyResponse(parsed.error.issues, t);
  const { password, next } = parsed.data;
  // An empty field is a slip, not a guess: it doesn't count towards the lockout.
  if (password === '') return authError(422, 'passwordRequired', passwordMessage('passwordRequired', t), 'password');

  const env = readConsoleEnv();
  let check;
  try {
    check = await verifyRootPassword(password, clientKey(clientAddress(request, env)), env);
  } catch (error) {
    if (error instanceof PasswordFileError) {
      console.error(error.message);
      return passwordFileResponse(t);
    }
    throw error;
  }
  if (check.ok) return signedInResponse(check.epoch, safeReturnPath(next, locale), isSecureRequest(request, env), env);
  switch (check.reason) {
    case 'wrongPassword':
      return authError(401, 'wrongPassword', t('AuthErrors.wrongPassword'), 'password');
    case 'notSetUp':
      return authError(409, 'notSetUp', t('AuthErrors.notSetUp'));
    case 'locked': {
      const seconds = check.retryAfterSeconds;
      const message = t('AuthErrors.locked', { minutes: Math.ceil(seconds / 60) });
      return authError(429, 'locked', message, null, { retryAfterSeconds: seconds }, { 'retry-after': String(seconds) });
    }
    case 'signInBusy': {
      const seconds = check.retryAfterSeconds;
      return authError(429, 'signInBusy', t('AuthErrors.signInBusy', { seconds }), null, { retryAfterSeconds: seconds }, { 'retry-after': String(seconds) });
    }
  }
}
