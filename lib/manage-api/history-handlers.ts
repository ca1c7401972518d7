import 'server-only';
import { activeRunId } from '@/lib/config-run/reconcile';
import { startConfigRun } from '@/lib/config-run/run-engine';
import { changeJson, parseVersion, versionJson } from '@/lib/history/history-json';
import { prepareRestore } from '@/lib/history/restore';
import { compareVersions, listHistory, openVersion } from '@/lib/history/versions';
import { readJsonBody } from '@/lib/http/read-json-body';
import { readSettings } from '@/lib/settings/store';
import { manageError, manageJson, manageProblem, requestProblem, runInProgressResponse } from './responses';
import { etagOf, manageSettings, parseIfMatch, validationIssues } from './settings-body';
import type { ManageContext } from './with-manage-auth';

// The settings history: GET …/settings/history, GET …/history/{version}, POST …/history/{version}/restore.

type VersionRoute = { params: Promise<{ version: string }> };

async function routeVersion(route: unknown): Promise<number | null> {
  return parseVersion((await (route as VersionRoute).params).version);
}

const notKept = (t: ManageContext['t'], version: string) => manageProblem(404, 'versionNotKept', t('ConfigRun.errors.versionNotKept', { version }), 'version');

/** GET /manage/v1/config/settings/history: the kept versions, newest first, each with what changed. */
export async function getHistory(_request: Request, { env }: ManageContext): Promise<Response> {
  const [versions, current] = await Promise.all([listHistory(env), readSettings(env)]);
  return manageJson({ versions: versions.map(versionJson) }, 200, { etag: etagOf(current.version) });
}

/** GET …/history/{version}[?compare_to=M]: one kept version, secrets as set/unset; with compare_to, what changed from M to it. */
export async function getHistoryVersion(request: Request, { t, env }: ManageContext, route: unknown): Promise<Response> {
  const version = await routeVersion(route);
  if (version === null) return manageProblem(422, 'versionInvalid', t('ManageApi.versionInvalid'), 'version');
  const kept = await openVersion(env, version);
  if (!kept) return notKept(t, String(version));
  const body = { ...manageSettings(kept), updated_at: kept.updatedAt, actor: kept.kept.actor, restored_from: kept.kept.restoredFrom };
  const compareTo = new URL(request.url).searchParams.get('compare_to');
  if (compareTo === null) return manageJson(body);
  const other = parseVersion(compareTo);
  if (other === null) return manageProblem(422, 'versionInvalid', t('ManageApi.versionInvalid'), 'compare_to');
  const changes = await compareVersions(env, other, version);
  if (!changes) return notKept(t, compareTo);
  return manageJson({ ...body, compared_to: other, changes: changes.map(changeJson) });
}

/**
 * POST …/history/{version}/restore: a new version equal to the kept one, secrets included, through a
 * configuration run like any save; 202 `{ run_id }`. If-Match names the current version, as for PUT.
 */
export async function postRestore(request: Request, { t, env }: ManageContext, route: unknown): Promise<Response> {
  const version = await routeVersion(route);
  if (version === null) return manageProblem(422, 'versionInvalid', t('ManageApi.versionInvalid'), 'version');
  const expected = parseIfMatch(request.headers.get('if-match'));
  if (expected === 'invalid') return manageProblem(400, 'ifMatchInvalid', t('ManageApi.ifMatchInvalid'), 'If-Match');
  const running = await activeRunId(env);
  if (running) return runInProgressResponse(running, t);
  let confirm = false;
  let copyPackages = false;
  // The body is optional: without one, a storage change is not confirmed.
  if (request.headers.get('content-type') !== null) {
    const body = await readJsonBody(request);
    if (!body.ok) return requestProblem(body.code, t);
    const value = body.value as { confirm_storage_change?: unknown; copy_packages?: unknown } | null;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return manageProblem(422, 'objectExpected', t('ManageApi.objectExpected'));
    if (value.confirm_storage_change !== undefined && typeof value.confirm_storage_change !== 'boolean') {
      return manageProblem(422, 'invalid', t('ManageApi.confirmStorageChangeInvalid'), 'confirm_storage_change');
    }
    if (value.copy_packages !== undefined && typeof value.copy_packages !== 'boolean') return manageProblem(422, 'invalid', t('ManageApi.copyPackagesInvalid'), 'copy_packages');
    confirm = value.confirm_storage_change === true;
    copyPackages = value.copy_packages === true;
  }
  const expectedVersion = expected ?? (await readSettings(env)).version;
  const restore = { version, expectedVersion, confirmStorageChange: confirm, copyPackages };
  // Refused before a run exists, as a save is: the runs page keeps real attempts, not typos.
  const prepared = await prepareRestore(restore, env);
  if (prepared.kind === 'not-found') return notKept(t, String(version));
  if (prepared.kind === 'conflict') return manageProblem(412, 'versionConflict', t('ManageApi.preconditionFailed', { version: prepared.currentVersion }), 'If-Match');
  if (prepared.kind === 'invalid') return manageError(422, t('ManageApi.invalidSettings'), validationIssues(prepared.problems, t));
  if (prepared.kind === 'confirm-required') return manageProblem(409, 'confirmStorageChange', t('ConfigRun.errors.confirmStorageChange'), 'confirm_storage_change');
  const started = await startConfigRun({ kind: 'restore', ...restore }, { source: 'api', actor: 'api', env });
  if (started.kind === 'busy') return runInProgressResponse(started.runId, t);
  return manageJson({ run_id: started.run.id }, 202);
}
