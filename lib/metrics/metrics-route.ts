import 'server-only';
import { apiTranslator } from '@/lib/i18n/api-translator';
import { readConsoleEnv } from '@/lib/env';
import { manageProblem } from '@/lib/manage-api/responses';
import { manageRoute } from '@/lib/manage-api/with-manage-auth';
import { getMetrics } from './metrics-handler';
import { MetricsTokenFileError, parseBearerAuthorization, verifyMetricsToken } from './metrics-token';

// /metrics takes the metrics token (`Authorization: Bearer …`, README "Prometheus"), the one place it
// opens. The root password as basic auth still works, for scrape configs written before the token
// existed; anything else gets the Manage API's answers. A wrong token does not count towards the
// sign-in lockout: 256 random bits cannot be guessed, and a stale token in Prometheus must not lock the admin out.

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
type Method = (typeof METHODS)[number];
type RouteHandler = (request: Request, route: unknown) => Promise<Response>;

async function withToken(request: Request, method: Method, token: string): Promise<Response> {
  const t = (await apiTranslator(request)).lookup;
  let valid: boolean;
  try {
    valid = await verifyMetricsToken(token, readConsoleEnv());
  } catch (error) {
    if (!(error instanceof MetricsTokenFileError)) throw error;
    console.error(error.message);
    return manageProblem(503, 'metricsTokenFileUnusable', t('MetricsToken.errors.metricsTokenFileUnusable', { path: error.path }));
  }
  if (!valid) return manageProblem(401, 'metricsTokenRefused', t('MetricsToken.errors.metricsTokenRefused'));
  if (method !== 'GET' && method !== 'HEAD') return manageProblem(405, 'methodNotAllowed', t('ManageApi.methodNotAllowed'), null, { allow: 'GET, HEAD' });
  return getMetrics();
}

export function metricsRoute(): Record<Method, RouteHandler> {
  const withPassword = manageRoute({ GET: getMetrics });
  const handler = (method: Method): RouteHandler => async (request, route) => {
    const token = parseBearerAuthorization(request.headers.get('authorization'));
    return token === null ? withPassword[method](request, route) : withToken(request, method, token);
  };
  return Object.fromEntries(METHODS.map((method) => [method, handler(method)])) as Record<Method, RouteHandler>;
}
