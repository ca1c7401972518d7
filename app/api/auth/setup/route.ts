import { authError, authJson, invalidBodyResponse, passwordFileResponse, passwordMessage, setupBodySchema, signedInResponse } from '@/lib/auth/auth-api';
import { crossSiteResponse } from '@/lib/auth/auth-responses';
import { isCrossSiteRequest } from '@/lib/auth/csrf';
import { passwordProblem } from '@/lib/auth/password-policy';
import { createRootPassword, PasswordFileError, readPasswordRecord } from '@/lib/auth/password-store';
import { homePath } from '@/lib/auth/return-path';
import { isSecureRequest } from '@/lib/http/request-origin';
import { deleteSetupToken, isValidSetupToken } from '@/lib/auth/setup-token';
import { readConsoleEnv } from '@/lib/env';
import { readJsonBody } from '@/lib/http/read-json-body';
import { apiTranslator } from '@/lib/i18n/api-translator';
import { requestProblemResponse } from '@/lib/http/json-response';

export const dynamic = 'force-dynamic';

/** First start: `{ token, password, confirmPassword }` sets the root password once and signs in. Public, but needs the logged token. */
export async function POST(request: Request) {
  if (isCrossSiteRequest(request)) return crossSiteResponse(request);
  const t = await apiTranslator(request);
  const { locale } = t;
  const body = await readJsonBody(request);
  if (!body.ok) return requestProblemResponse(body.code, t);
  const parsed = setupBodySchema.safeParse(body.value);
  if (!parsed.success) return invalidBodyResponse(parsed.error.issues, t);
  const { token, password, confirmPassword } = parsed.data;

  const env = readConsoleEnv();
  const alreadySet = () => authError(409, 'alreadySetUp', t('AuthErrors.alreadySetUp'));
  try {
    if (await readPasswordRecord(env)) return alreadySet();
  } catch (error) {
    // A broken password file is repaired with the CLI, never through a web form.
    if (error instanceof PasswordFileError) return passwordFileResponse(t);
    throw error;
  }
  if (!(await isValidSetupToken(token, env))) return authError(403, 'setupTokenInvalid', t('AuthErrors.setupTokenInvalid'), 'token');

  const problem = passwordProblem(password);
  const errors = [
    ...(problem ? [{ field: 'password', code: problem, message: passwordMessage(problem, t) }] : []),
    ...(!problem && confirmPassword !== password ? [{ field: 'confirmPassword', code: 'passwordMismatch', message: passwordMessage('passwordMismatch', t) }] : []),
  ];
  if (errors.length > 0) return authJson({ message: t('AuthErrors.fixErrors'), errors }, 422);

  const record = await createRootPassword(password, env);
  if (!record) return alreadySet(); // another setup (or the CLI) got there first
  await deleteSetupToken(env);
  return signedInResponse(record.epoch, homePath(locale), isSecureRequest(request), env);
}
