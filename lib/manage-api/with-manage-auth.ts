import 'server-only';
import { authenticateBasicAuth } from '@/lib/auth/basic-auth';
import type { MessageLookup } from '@/lib/i18n/lookup';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import { apiTranslator } from '@/lib/i18n/api-translator';
import { isDataDirWriteError } from '@/lib/fs/data-dir-errors';
import { SettingsBusyError } from '@/lib/settings/settings-lock';
import { SettingsFileError, settingsFileMessageCode } from '@/lib/settings/store';
import { manageProblem } from './responses';

// The one place the Manage API authenticates: basic auth `api_key:<root password>`, under the same
// lockout as the console login. No cookies are read, so a browser's session can never drive this API
// (no CSRF), and no WWW-Authenticate is sent, so browsers never cache these credentials either.

export interface ManageContext {
  t: MessageLookup;
  env: ConsoleEnv;
}

type Handler<P> = (request: Request, context: ManageContext, route: P) => Promise<Response>;

async function refusal(request: Request, t: MessageLookup, env: ConsoleEnv): Promise<Response | null> {
  const auth = await authenticateBasicAuth(request, env);
  if (auth.ok) return null;
  switch (auth.reason) {
    case 'missing':
    case 'malformed':
      return manageProblem(401, 'unauthorized', t('ManageApi.unauthorized'));
    case 'locked':
      return manageProblem(401, 'locked', t('AuthErrors.locked', { minutes: Math.max(1, Math.ceil(auth.retryAfterSeconds / 60)) }), null, {
        'retry-after': String(auth.retryAfterSeconds),
      });
    case 'signInBusy':
      return manageProblem(429, 'signInBusy', t('AuthErrors.signInBusy', { seconds: auth.retryAfterSeconds }), null, { 'retry-after': String(auth.retryAfterSeconds) });
    case 'passwordFileUnusable':
      return manageProblem(503, 'passwordFileUnusable', t('AuthErrors.passwordFileUnusable'));
    default:
      return manageProblem(401, auth.reason, t(`AuthErrors.${auth.reason}`));
  }
}

export function withManageAuth<P = unknown>(handler: Handler<P>) {
  return async (request: Request, route: P): Promise<Response> => {
    const env = readConsoleEnv();
    const t = (await apiTranslator(request)).lookup;
    const refused = await refusal(request, t, env);
    if (refused) return refused;
    try {
      return await handler(request, { t, env }, route);
    } catch (error) {
      // A settings file we cannot read is the operator's to fix, and says which file; another process's
      // save is a moment's wait; anything else is a bug.
      if (error instanceof SettingsFileError) {
        const code = settingsFileMessageCode(error);
        return manageProblem(503, code, t(`Validation.${code}`, { path: error.path }));
      }
      if (error instanceof SettingsBusyError) return manageProblem(503, 'settingsBusy', t('Validation.settingsBusy'), null, { 'retry-after': '1' });
      if (isDataDirWriteError(error)) {
        console.error(`Saving settings failed: ${error.code} in ${env.dataDir}`);
        return manageProblem(503, 'saveFailed', t('Validation.saveFailed', { path: env.dataDir }));
      }
      throw error;
    }
  };
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
type Method = (typeof METHODS)[number];

/**
 * Every HTTP method of a Manage API route, each behind basic auth: a method the route does not have
 * answers 405 only to an authenticated caller, so nothing about the API is told to anyone else.
 */
export function manageRoute(handlers: Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', Handler<unknown>>>): Record<Method, (request: Request, route: unknown) => Promise<Response>> {
  const allowed = Object.keys(handlers).flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method]));
  const notAllowed: Handler<unknown> = async (_request, { t }) => manageProblem(405, 'methodNotAllowed', t('ManageApi.methodNotAllowed'), null, { allow: allowed.join(', ') });
  const pick = (method: Method) => (method === 'HEAD' ? handlers.GET : handlers[method as 'GET' | 'POST' | 'PUT' | 'DELETE']) ?? notAllowed;
  return Object.fromEntries(METHODS.map((method) => [method, withManageAuth(pick(method))])) as Record<Method, (request: Request, route: unknown) => Promise<Response>>;
}
