import { requireSession } from '@/lib/auth/require-session';
import { localizeRun } from '@/lib/config-run/localize-run';
import { getRun } from '@/lib/config-run/reconcile';
import { isRunId } from '@/lib/config-run/types';
import { readConsoleEnv } from '@/lib/env';
import { errorResponse, jsonResponse } from '@/lib/http/json-response';
import { apiTranslator } from '@/lib/i18n/api-translator';

export const dynamic = 'force-dynamic';

/** One configuration run, localized: the page's fallback when its event stream is unavailable. */
export async function GET(request: Request, context: RouteContext<'/api/config/runs/[id]'>) {
  const guard = await requireSession(request);
  if (!guard.ok) return guard.response;
  const t = (await apiTranslator(request, { query: true })).lookup;
  const { id } = await context.params;
  const run = isRunId(id) ? await getRun(readConsoleEnv(), id) : null;
  if (!run) {
    const message = t('ManageApi.runNotFound');
    return errorResponse(404, { message, errors: [{ field: null, code: 'runNotFound', message }] });
  }
  return jsonResponse(localizeRun(run, t));
}
