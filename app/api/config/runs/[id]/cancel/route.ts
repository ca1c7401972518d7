import { requireSession } from '@/lib/auth/require-session';
import { requestCancel } from '@/lib/config-run/run-cancel';
import { readConsoleEnv } from '@/lib/env';
import { cancelResponse } from '@/lib/settings-api/run-action-responses';
import { apiTranslator } from '@/lib/i18n/api-translator';

export const dynamic = 'force-dynamic';

/** Cancel a run in progress: 202 once asked (it stops at its next step), 409 if it is not running, 404 if unknown. */
export async function POST(request: Request, context: RouteContext<'/api/config/runs/[id]/cancel'>) {
  const guard = await requireSession(request);
  if (!guard.ok) return guard.response;
  const { id } = await context.params;
  return cancelResponse(await requestCancel(readConsoleEnv(), id), (await apiTranslator(request, { query: true })).lookup);
}
