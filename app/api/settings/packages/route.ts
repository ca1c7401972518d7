import { requireSession } from '@/lib/auth/require-session';
import { readConsoleEnv } from '@/lib/env';
import { readJsonBody } from '@/lib/http/read-json-body';
import { apiTranslator } from '@/lib/i18n/api-translator';
import { consoleRunResponse } from '@/lib/settings-api/run-responses';
import { startConfigRun } from '@/lib/config-run/run-engine';
import { jsonResponse, refusedSaveResponse, requestProblemResponse, storageFailureResponse } from '@/lib/settings-api/api-responses';
import { prepareSave } from '@/lib/config-run/save-steps';
import { readSettings } from '@/lib/settings/store';
import { toPublicSettings } from '@/lib/settings/types';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const guard = await requireSession(request);
  if (!guard.ok) return guard.response;
  const t = await apiTranslator(request);
  try {
    return jsonResponse(toPublicSettings(await readSettings()));
  } catch (error) {
    return storageFailureResponse(error, readConsoleEnv().dataDir, t);
  }
}

/** Save settings: starts a configuration run (validate, check, write, apply, verify) and answers 202 with it. */
export async function PUT(request: Request) {
  const guard = await requireSession(request);
  if (!guard.ok) return guard.response;
  const t = await apiTranslator(request);
  const body = await readJsonBody(request);
  if (!body.ok) return requestProblemResponse(body.code, t);
  try {
    // Bad input is refused before a run exists: the kept history is of real configuration attempts,
    // not of typos. The run's validate phase checks again, under the run lock.
    const prepared = await prepareSave(body.value);
    if (prepared.kind !== 'ready') return refusedSaveResponse(prepared, t);
    // The run goes on after this response; the page follows it at /api/config/runs/<id>/stream.
    const result = await startConfigRun({ kind: 'save', body: body.value }, { source: 'console', actor: 'console' });
    return consoleRunResponse(result, (await apiTranslator(request, { query: true })).lookup);
  } catch (error) {
    return storageFailureResponse(error, readConsoleEnv().dataDir, t);
  }
}
