import 'server-only';
import { issueMetricsToken, metricsTokenStatus, revokeMetricsToken, type IssuedMetricsToken } from '@/lib/metrics/metrics-token';
import { metricsTokenProblem } from '@/lib/metrics/metrics-token-problem';
import { manageEmpty, manageJson, manageProblem } from './responses';
import type { ManageContext } from './with-manage-auth';

// /manage/v1/metrics/token: the bearer token Prometheus scrapes /metrics with. The token itself is in
// the answer to POST (create) and PUT (rotate) only; GET tells its id and creation time.

async function tokenProblems(action: () => Promise<Response>, { t, env }: ManageContext): Promise<Response> {
  try {
    return await action();
  } catch (error) {
    const problem = metricsTokenProblem(error, t, env.dataDir);
    if (problem) return manageProblem(problem.status, problem.code, problem.message);
    throw error;
  }
}

const issuedJson = (issued: IssuedMetricsToken) => ({ token: issued.token, id: issued.id, created_at: issued.createdAt });

export async function getMetricsToken(_request: Request, context: ManageContext): Promise<Response> {
  return tokenProblems(async () => {
    const status = await metricsTokenStatus(context.env);
    return manageJson({ id: status?.id ?? null, created_at: status?.createdAt ?? null });
  }, context);
}

export async function createMetricsToken(_request: Request, context: ManageContext): Promise<Response> {
  return tokenProblems(async () => manageJson(issuedJson(await issueMetricsToken('create', 'api', context.env)), 201), context);
}

export async function rotateMetricsToken(_request: Request, context: ManageContext): Promise<Response> {
  return tokenProblems(async () => manageJson(issuedJson(await issueMetricsToken('rotate', 'api', context.env))), context);
}

export async function deleteMetricsToken(_request: Request, context: ManageContext): Promise<Response> {
  return tokenProblems(async () => {
    await revokeMetricsToken('api', context.env);
    return manageEmpty(204);
  }, context);
}
