import { requireSession } from '@/lib/auth/require-session';
import { startConfigRun } from '@/lib/config-run/run-engine';
import { readConsoleEnv } from '@/lib/env';
import { parseVersion } from '@/lib/history/history-json';
import { prepareRestore } from '@/lib/history/restore';
import { restoreBodySchema } from '@/lib/history/restore-body';
import { readJsonBody } from '@/lib/http/read-json-body';
import { apiTranslator } from '@/lib/i18n/api-translator';
import { errorResponse, refusedSaveResponse, requestProblemResponse, storageFailureResponse } from '@/lib/settings-api/api-responses';
import { consoleRunResponse } from '@/lib/settings-api/run-responses';

export const dynamic = 'force-dynamic';

/** Restore a kept version: `{ expectedVersion, confirmStorageChange? }`; starts a configuration run and answers 202 with it, as a save does. */
export async function POST(request: Request, context: RouteContext<'/api/settings/history/[version]/restore'>) {
  const guard = await requireSession(request);
  if (!guard.ok) return guard.response;
  const t = await apiTranslator(request);
  const version = parseVersion((await context.params).version);
  const body = await readJsonBody(request);
  if (!body.ok) return requestProblemResponse(body.code, t);
  const parsed = restoreBodySchema.safeParse(body.value);
  if (version === null || !parsed.success) {
    const message = t('Validation.malformedRequest');
    return errorResponse(400, { message, errors: [{ field: null, code: 'malformedRequest', message }] });
  }
  try {
    const restore = { version, ...parsed.data };
    const prepared = await prepareRestore(restore);
    if (prepared.kind === 'not-found') {
      const message = ((await apiTranslator(request, { query: true })).lookup)('ConfigRun.errors.versionNotKept', { version: String(version) });
      return errorResponse(404, { message, errors: [{ field: null, code: 'versionNotKept', message }] });
    }
    if (prepared.kind !== 'ready') return refusedSaveResponse(prepared, t);
    const result = await startConfigRun({ kind: 'restore', ...restore }, { source: 'console', actor: 'console' });
    return consoleRunResponse(result, (await apiTranslator(request, { query: true })).lookup);
  } catch (error) {
    return storageFailureResponse(error, readConsoleEnv().dataDir, t);
  }
}
