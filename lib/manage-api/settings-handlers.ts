import 'server-only';
import { proxiedStorage } from '@/lib/storage/server';
import { activeRunId } from '@/lib/config-run/reconcile';
import { readJsonBody } from '@/lib/http/read-json-body';
import { auditLogPath } from '@/lib/settings/audit-log';
import { settingsProblems } from '@/lib/settings/key-values';
import { checkNextStorage, writeNextSettings } from '@/lib/config-run/save-steps';
import { readSettings } from '@/lib/settings/store';
import { checkReport } from './check-report';
import { manageEmpty, manageError, manageJson, manageProblem, requestProblem, runInProgressResponse } from './responses';
import { etagOf, manageSettings, parseIfMatch, parseSettingsChanges, validationIssues } from './settings-body';
import type { ManageContext } from './with-manage-auth';

/** GET /manage/v1/config/settings: the packages settings, never the secret, with the version as ETag. */
export async function getSettings(_request: Request, { env }: ManageContext): Promise<Response> {
  const snapshot = await readSettings(env);
  return manageJson(manageSettings(snapshot), 200, { etag: etagOf(snapshot.version) });
}

/**
 * PUT /manage/v1/config/settings: changes the given keys only. The result must be valid as a whole and,
 * when Packages is enabled, pass the storage check; then it is saved (not applied: POST /config/apply).
 */
export async function putSettings(request: Request, { t, env }: ManageContext): Promise<Response> {
  const expected = parseIfMatch(request.headers.get('if-match'));
  if (expected === 'invalid') return manageProblem(400, 'ifMatchInvalid', t('ManageApi.ifMatchInvalid'), 'If-Match');
  const running = await activeRunId(env);
  if (running) return runInProgressResponse(running, t);
  const body = await readJsonBody(request);
  if (!body.ok) return requestProblem(body.code, t);
  const parsed = parseSettingsChanges(body.value, t);
  if (!parsed.ok) return manageError(422, t('ManageApi.invalidSettings'), parsed.errors);

  const current = await readSettings(env);
  const preconditionFailed = () => manageProblem(412, 'versionConflict', t('ManageApi.preconditionFailed', { version: current.version }), 'If-Match');
  if (expected !== null && expected !== current.version) return preconditionFailed();
  const next = { ...current.packages, ...parsed.changes };
  // Nothing changes: no new version, so a client's If-Match stays valid.
  if (Object.entries(parsed.changes).every(([field, value]) => current.packages[field as keyof typeof next] === value)) {
    return manageEmpty(204, { etag: etagOf(current.version) });
  }
  const problems = settingsProblems(next, current.version, { change: { saved: current.packages, given: Object.keys(parsed.changes) }, proxied: proxiedStorage(env.proxy) });
  if (problems.length > 0) return manageError(422, t('ManageApi.invalidSettings'), validationIssues(problems, t));

  const check = await checkNextStorage(next, current.packages, { env });
  if (check && !check.ok) {
    const report = checkReport(check, t);
    return manageError(422, t('ManageApi.storageCheckFailed'), report.errors, { check: report });
  }
  const written = await writeNextSettings(next, current.version, { actor: 'api', env });
  if (written.kind === 'conflict') {
    // Someone saved while the check ran: with If-Match that is the precondition failing, without it a conflict.
    if (expected !== null) return manageProblem(412, 'versionConflict', t('ManageApi.preconditionFailed', { version: written.currentVersion }), 'If-Match');
    return manageProblem(409, 'versionConflict', t('Validation.versionConflict'));
  }
  const etag = { etag: etagOf(written.snapshot.version) };
  if (!written.snapshot.auditFailure) return manageEmpty(204, etag);
  // Saved all the same: 200 rather than 204 so the answer can say what the audit log is missing.
  const message = t('Validation.auditLogFailed', { version: written.snapshot.version, path: auditLogPath(env.dataDir) });
  return manageJson({ message, warnings: [{ field: null, code: 'auditLogFailed', message }] }, 200, etag);
}
