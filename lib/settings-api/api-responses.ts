import 'server-only';
import { checksBusyIssue, type SlotRefusal } from '@/lib/http/check-slots';
import { jsonResponse } from '@/lib/http/json-response';
import type { Translator } from '@/lib/i18n/translator';
import { problemText } from '@/lib/i18n/lookup';
import type { ApiErrorBody, ApiIssue } from './api-types';
import type { PrepareOutcome } from '@/lib/config-run/save-steps';
import type { FieldProblem } from '@/lib/settings/schema';
import { isDataDirWriteError } from '@/lib/fs/data-dir-errors';
import { SettingsFileError, settingsFileMessageCode } from '@/lib/settings/store';

export { jsonResponse, requestProblemResponse } from '@/lib/http/json-response';

export function errorResponse(status: number, body: ApiErrorBody) {
  return jsonResponse(body, status);
}

/** Dates in a problem's text (a SAS expiry) are written in the translator's language, as the rest. */
export function validationIssues(problems: FieldProblem[], t: Translator): ApiIssue[] {
  return problems.map((problem) => ({ field: problem.field, code: problem.code, message: problemText(problem, t.lookup) }));
}

export function invalidResponse(problems: FieldProblem[], t: Translator) {
  return errorResponse(422, { message: t('Validation.fixErrors'), errors: validationIssues(problems, t) });
}

/** Why a submission did not start a configuration run: field errors, an older version, or a storage change to confirm. */
export function refusedSaveResponse(outcome: Exclude<PrepareOutcome, { kind: 'ready' }>, t: Translator) {
  switch (outcome.kind) {
    case 'invalid':
      return invalidResponse(outcome.problems, t);
    case 'conflict': {
      const message = t('Validation.versionConflict');
      return errorResponse(409, { message, errors: [{ field: null, code: 'versionConflict', message }], currentVersion: outcome.currentVersion });
    }
    case 'confirm-required': {
      const message = t('Validation.confirmStorageChange');
      return errorResponse(422, { message, errors: [{ field: null, code: 'confirmStorageChange', message }], confirmRequired: true });
    }
  }
}

/** Too many storage checks in flight, for this session or on the whole console: 429 with Retry-After, nothing ran. */
export function checksBusyResponse(t: Translator, refusal: SlotRefusal) {
  const { code, message } = checksBusyIssue(refusal, t.lookup);
  const response = jsonResponse({ message, errors: [{ field: null, code, message }] } satisfies ApiErrorBody, 429);
  response.headers.set('retry-after', String(refusal.retryAfterSeconds));
  return response;
}

/** Storage-layer failures become a clear 503 naming the file; anything else is a real bug and rethrown. */
export function storageFailureResponse(error: unknown, dataDir: string, t: Translator) {
  if (error instanceof SettingsFileError) {
    const code = settingsFileMessageCode(error);
    const message = t(`Validation.${code}`, { path: error.path });
    return errorResponse(503, { message, errors: [{ field: null, code, message }] });
  }
  if (isDataDirWriteError(error)) {
    console.error(`Saving settings failed: ${error.code} in ${dataDir}`);
    const message = t('Validation.saveFailed', { path: dataDir });
    return errorResponse(503, { message, errors: [{ field: null, code: 'saveFailed', message }] });
  }
  throw error;
}
