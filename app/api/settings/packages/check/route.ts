import { requireSession } from '@/lib/auth/require-session';
import { readConsoleEnv } from '@/lib/env';
import { readJsonBody } from '@/lib/http/read-json-body';
import { apiTranslator } from '@/lib/i18n/api-translator';
import { withCheckSlot } from '@/lib/http/check-slots';
import { checksBusyResponse, invalidResponse, jsonResponse, requestProblemResponse, storageFailureResponse } from '@/lib/settings-api/api-responses';
import type { CheckSuccessBody } from '@/lib/settings-api/api-types';
import { mergeSubmission, parseSubmission } from '@/lib/config-run/save-steps';
import { checkStorage } from '@/lib/storage/check/check-storage';
import { localizeCheckResult } from '@/lib/storage/check/localize-check';

export const dynamic = 'force-dynamic';

/** Test storage settings: checks the values in the form (not yet saved); a blank secret means the stored one. */
export async function POST(request: Request) {
  const guard = await requireSession(request);
  if (!guard.ok) return guard.response;
  const t = await apiTranslator(request);
  const body = await readJsonBody(request);
  if (!body.ok) return requestProblemResponse(body.code, t);
  try {
    const parsed = await parseSubmission(body.value, { forceEnabled: true });
    if (!parsed.ok) return invalidResponse(parsed.problems, t);
    const target = mergeSubmission(parsed.current.packages, parsed.input);
    const { checkTimeoutMs } = readConsoleEnv();
    const saved = parsed.current.packages.enabled ? parsed.current.packages : null;
    const checked = await withCheckSlot(`session:${guard.session.sid}`, checkTimeoutMs, () => checkStorage(target, { timeoutMs: checkTimeoutMs, saved }));
    if (!checked.ok) return checksBusyResponse(t, checked);
    const response: CheckSuccessBody = { check: localizeCheckResult(checked.value, t.lookup) };
    return jsonResponse(response);
  } catch (error) {
    return storageFailureResponse(error, readConsoleEnv().dataDir, t);
  }
}
