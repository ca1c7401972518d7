import 'server-only';
import { proxiedStorage } from '@/lib/storage/server';
import { checksBusyIssue, withCheckSlot } from '@/lib/http/check-slots';
import { readJsonBody } from '@/lib/http/read-json-body';
import { settingsProblems } from '@/lib/settings/key-values';
import { checkNextStorage } from '@/lib/config-run/save-steps';
import { readSettings } from '@/lib/settings/store';
import type { PackagesSettings } from '@/lib/settings/types';
import { checkReport } from './check-report';
import { manageError, manageJson, manageProblem, requestProblem } from './responses';
import { parseSettingsChanges, validationIssues } from './settings-body';
import type { ManageContext } from './with-manage-auth';

// The Manage API has one credential, so all its callers are one client for the check limit.
const MANAGE_API_CLIENT = 'manage-api';

/**
 * POST /manage/v1/config/storage/check: checks the saved storage settings, or the saved ones with the
 * body's `{ "packages": {...} }` keys laid over them. Saves nothing. 200 with the report, pass or fail.
 */
export async function postStorageCheck(request: Request, { t, env }: ManageContext): Promise<Response> {
  let changes: Partial<PackagesSettings> = {};
  const hasBody = (request.headers.get('content-length') ?? '0') !== '0' || request.headers.has('transfer-encoding');
  if (hasBody) {
    const body = await readJsonBody(request);
    if (!body.ok) return requestProblem(body.code, t);
    const parsed = parseSettingsChanges(body.value, t);
    if (!parsed.ok) return manageError(422, t('ManageApi.invalidSettings'), parsed.errors);
    changes = parsed.changes;
  }
  const current = await readSettings(env);
  // The storage is checked whether or not Packages is enabled yet, so it is checked as if it were.
  const target = { ...current.packages, ...changes, enabled: true };
  const problems = settingsProblems(target, current.version, { change: { saved: current.packages, given: Object.keys(changes) }, proxied: proxiedStorage(env.proxy) });
  if (problems.length > 0) return manageError(422, t('ManageApi.invalidSettings'), validationIssues(problems, t));
  const checked = await withCheckSlot(MANAGE_API_CLIENT, env.checkTimeoutMs, () => checkNextStorage(target, current.packages, { env }));
  if (!checked.ok) {
    const { code, message } = checksBusyIssue(checked, t);
    return manageProblem(429, code, message, null, { 'retry-after': String(checked.retryAfterSeconds) });
  }
  const result = checked.value;
  if (!result) throw new Error('storage check skipped for enabled settings');
  return manageJson(checkReport(result, t));
}
