import { requireSession } from '@/lib/auth/require-session';
import { readConsoleEnv } from '@/lib/env';
import { runHealthCheck } from '@/lib/health/monitor';
import { apiTranslator } from '@/lib/i18n/api-translator';
import { jsonResponse } from '@/lib/http/json-response';

export const dynamic = 'force-dynamic';

/** Check now on the Storage health page: one health check, queued behind any running one; never during a configuration run. */
export async function POST(request: Request) {
  const guard = await requireSession(request);
  if (!guard.ok) return guard.response;
  const t = await apiTranslator(request);
  const outcome = await runHealthCheck(readConsoleEnv());
  if (outcome.kind === 'runInProgress') {
    const message = t('StorageHealth.runInProgress');
    return jsonResponse({ message, errors: [{ field: null, code: 'runInProgress', message }] }, 409);
  }
  return jsonResponse({ state: outcome.record.state, checkedAt: outcome.record.checkedAt });
}
