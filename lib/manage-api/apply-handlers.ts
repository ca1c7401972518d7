import 'server-only';
import { localizeEvents, localizeRun } from '@/lib/config-run/localize-run';
import { getRun, listRuns } from '@/lib/config-run/reconcile';
import { startConfigRun } from '@/lib/config-run/run-engine';
import { isRunId, type ConfigRunRecord } from '@/lib/config-run/types';
import { manageJson, manageProblem, runInProgressResponse } from './responses';
import type { ManageContext } from './with-manage-auth';

/** POST /manage/v1/config/apply: applies the saved settings in a configuration run; 202 `{ run_id }`. */
export async function postApply(_request: Request, { t, env }: ManageContext): Promise<Response> {
  const result = await startConfigRun({ kind: 'apply' }, { source: 'api', actor: 'api', env });
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
  const localized = localizeRun(run, context.t);
  return manageJson({
    run_id: run.id,
    running: localized.running,
    successful: localized.successful,
    settings_version: run.settingsVersion,
    summary: localized.summary,
    phases: localized.phases.map((phase) => ({
      name: phase.name,
      label: phase.label,
      state: phase.state,
      started_at: phase.startedAt,
      finished_at: phase.finishedAt,
      error: phase.error,
    })),
  });
}

/** GET /manage/v1/config/apply/events?run_id=: the run's events, oldest first. */
export async function getApplyEvents(request: Request, context: ManageContext): Promise<Response> {
  const run = await requestedRun(request, context);
  if (run instanceof Response) return run;
  const events = localizeEvents(run, context.t).map(({ timestamp, severity, phase, body }) => ({ timestamp, severity, phase, body }));
  return manageJson({ run_id: run.id, events });
}
