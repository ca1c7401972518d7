import { requireSession } from '@/lib/auth/require-session';
import { readConsoleEnv } from '@/lib/env';
import { readJsonBody } from '@/lib/http/read-json-body';
import { apiTranslator } from '@/lib/i18n/api-translator';
import { jsonResponse, requestProblemResponse, saveOutcomeResponse, storageFailureResponse } from '@/lib/settings/api-responses';
import { savePackagesSettings } from '@/lib/settings/save-packages-settings';
import { readSettings } from '@/lib/settings/store';
import { toPublicSettings } from '@/lib/settings/types';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const guard = await requireSession(request);
  if (!guard.ok) return guard.response;
  const { t } = await apiTranslator(request);
  try {
    return jsonResponse(toPublicSettings(await readSettings()));
  } catch (error) {
    return storageFailureResponse(error, readConsoleEnv().dataDir, t);
  }
}

export async function PUT(request: Request) {
  const guard = await requireSession(request);
  if (!guard.ok) return guard.response;
  const { t } = await apiTranslator(request);
  const body = await readJsonBody(request);
  if (!body.ok) return requestProblemResponse(body.code, t);
  try {
    const outcome = await savePackagesSettings(body.value);
    const bucket = (body.value as { bucket?: unknown })?.bucket;
    return saveOutcomeResponse(outcome, typeof bucket === 'string' ? bucket.trim() : '', t);
  } catch (error) {
    return storageFailureResponse(error, readConsoleEnv().dataDir, t);
  }
}
