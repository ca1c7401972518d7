import { requireSession } from '@/lib/auth/require-session';
import { startConfigRun } from '@/lib/config-run/run-engine';
import { isRunId } from '@/lib/config-run/types';
import { readConsoleEnv } from '@/lib/env';
import { apiTranslator } from '@/lib/i18n/api-translator';
import { storageFailureResponse } from '@/lib/settings-api/api-responses';
import { resumeResponse, runNotFoundResponse } from '@/lib/settings-api/run-action-responses';

export const dynamic = 'force-dynamic';

/** Resume a failed storage move: a new apply run that continues its copy (202 with the run, or why not). */
export async function POST(request: Request, context: RouteContext<'/api/config/runs/[id]/resume'>) {
  const guard = await requireSession(request);
  if (!guard.ok) return guard.response;
  const { id } = await context.params;
  const t = (await apiTranslator(request, { query: true })).lookup;
  if (!isRunId(id)) return runNotFoundResponse(t);
  try {
    const result = await startConfigRun({ kind: 'apply', resume: id }, { source: 'console', actor: 'console' });
    return resumeResponse(result, t);
  } catch (error) {
    return storageFailureResponse(error, readConsoleEnv().dataDir, await apiTranslator(request));
  }
}
