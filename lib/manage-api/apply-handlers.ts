import 'server-only';
import { localizeEvents, localizeRun } from '@/lib/config-run/localize-run';
import { getRun, listRuns } from '@/lib/config-run/reconcile';
import { startConfigRun } from '@/lib/config-run/run-engine';
import { isRunId, type ConfigRunRecord } from '@/lib/config-run/types';
import { readJsonBody } from '@/lib/http/read-json-body';
import { parseApplyBody, type ApplyOptions } from './apply-body';
import { manageError, manageJson, manageProblem, requestProblem, runInProgressResponse } from './responses';
import { runStatusJson } from './run-json';
import type { ManageContext } from './with-manage-auth';

/**
 * POST /manage/v1/config/apply: applies the saved settings in a configuration run; 202 `{ run_id }`.
 * An optional `{ "migrate": true }` or `{ "resume": "<run id>" }` moves the packages first.
 */
export async function postApply(request: Request, { t, env }: ManageContext): Promise<Response> {
  let options: ApplyOptions = {};
  const hasBody = (request.headers.get('content-length') ?? '0') !== '0' || request.headers.has('transfer-encoding');
  if (hasBody) {
    const body = await readJsonBody(request);
    if (!body.ok) return requestProblem(body.code, t);
    const parsed = parseApplyBody(body.value, t);
    if (!parsed.ok) return manageError(422, parsed.errors[0]!.message, parsed.errors);
    options = parsed.options;
  }
  const result = await startConfigRun({ kind: 'apply', ...options }, { source: 'api', actor: 'api', env });
  if (result.kind === 'busy') return runInProgressResponse(result.runId, t);
  return manageJson({ run_id: result.run.id }, 202);
}

/** The run named by `?run_id=`, or the latest one without it; otherwise the error to answer with. */
async function requestedRun(request: Request, { t, env }: ManageContext): Promise<ConfigRunRecord | Response> {
  const id = new URL(request.url).searchParams.get('run_id');
  if (id === null || id === '') {
    const [latest] = await listRuns(env);
    return latest ?? manageProblem(404, 'noRuns', t('ManageApi.noRuns'));
  }
  if (!isRunId(id)) return manageProblem(422, 'runIdInvalid', t('ManageApi.runIdInvalid'), 'run_id');
  return (await getRun(env, id)) ?? manageProblem(404, 'runNotFound', t('ManageApi.runNotFound'), 'run_id');
}

/** GET /manage/v1/config/apply?run_id=: whether the run is running or succeeded, and each phase. */
export async function getApplyStatus(request: Request, context: ManageContext): Promise<Response> {
  const run = await requestedRun(request, context);
  if (run instanceof Response) return run;
  return manageJson(runStatusJson(localizeRun(run, context.t)));
}

/** GET /manage/v1/config/apply/events?run_id=: the run's events, oldest first. */
export async function getApplyEvents(request: Request, context: ManageContext): Promise<Response> {
  const run = await requestedRun(request, context);
  if (run instanceof Response) return run;
  const events = localizeEvents(run, context.t).map(({ timestamp, severity, phase, body }) => ({ timestamp, severity, phase, body }));
  return manageJson({ run_id: run.id, events });
}
