import 'server-only';
import type { CancelOutcome } from '@/lib/config-run/run-cancel';
import type { StartRunResult } from '@/lib/config-run/run-engine';
import { errorResponse, jsonResponse } from '@/lib/http/json-response';
import type { MessageLookup } from '@/lib/i18n/lookup';
import { consoleRunResponse } from './run-responses';

// Answers of the runs page's Cancel and Resume buttons (session-authenticated, same-site POSTs).

export function runNotFoundResponse(t: MessageLookup): Response {
  const message = t('ManageApi.runNotFound');
  return errorResponse(404, { message, errors: [{ field: null, code: 'runNotFound', message }] });
}

export function cancelResponse(outcome: CancelOutcome, t: MessageLookup): Response {
  if (outcome === 'requested') return jsonResponse({ message: t('StorageMove.actions.cancelRequested') }, 202);
  if (outcome === 'not-found') return runNotFoundResponse(t);
  const message = t('StorageMove.actions.notRunning');
  return errorResponse(409, { message, errors: [{ field: null, code: 'runNotRunning', message }] });
}

// A resume the settings or the storage no longer allow is a conflict with the current state, not a bad request.
const RESUME_REFUSALS = new Set(['migrationResumeUnknown', 'migrationResumeNotFailed', 'migrationResumeSettingsChanged', 'migrationResumeStorageChanged']);

/** Like Save's answer (202 with the run, 409 while another runs, the validation failure localized). */
export function resumeResponse(result: StartRunResult, t: MessageLookup): Response {
  const failure = result.kind === 'busy' ? undefined : result.run.phases[0]?.failure;
  if (!failure || !RESUME_REFUSALS.has(failure.code)) return consoleRunResponse(result, t);
  const answer = consoleRunResponse(result, t);
  return new Response(answer.body, { status: 409, headers: answer.headers });
}
