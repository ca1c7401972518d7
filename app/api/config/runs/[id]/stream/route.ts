import { requireSession } from '@/lib/auth/require-session';
import { runEventStream } from '@/lib/settings-api/run-responses';
import { isRunId } from '@/lib/config-run/types';
import { readConsoleEnv } from '@/lib/env';
import { errorResponse } from '@/lib/http/json-response';
import { apiTranslator } from '@/lib/i18n/api-translator';

export const dynamic = 'force-dynamic';

/** Server-sent events with the run, localized by `?locale=`, until it has finished. */
export async function GET(request: Request, context: RouteContext<'/api/config/runs/[id]/stream'>) {
  const guard = await requireSession(request);
  if (!guard.ok) return guard.response;
  const t = (await apiTranslator(request, { query: true })).lookup;
  const { id } = await context.params;
  if (!isRunId(id)) {
    const message = t('ManageApi.runNotFound');
    return errorResponse(404, { message, errors: [{ field: null, code: 'runNotFound', message }] });
  }
  return runEventStream(readConsoleEnv(), id, t, request.signal);
}
