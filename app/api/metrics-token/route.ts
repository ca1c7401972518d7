import { requireSession } from '@/lib/auth/require-session';
import { readConsoleEnv } from '@/lib/env';
import { jsonResponse } from '@/lib/http/json-response';
import { apiTranslator } from '@/lib/i18n/api-translator';
import { issueMetricsToken, revokeMetricsToken } from '@/lib/metrics/metrics-token';
import { metricsTokenProblem } from '@/lib/metrics/metrics-token-problem';

export const dynamic = 'force-dynamic';

// The console's metrics token section (Storage health page): POST creates, PUT rotates, DELETE revokes.
// The token is in the answer to POST and PUT only, which is never cached.

async function change(request: Request, action: (dataDir: string) => Promise<object>): Promise<Response> {
  const guard = await requireSession(request);
  if (!guard.ok) return guard.response;
  const t = await apiTranslator(request);
  const env = readConsoleEnv();
  try {
    return jsonResponse(await action(env.dataDir));
  } catch (error) {
    const problem = metricsTokenProblem(error, t.lookup, env.dataDir);
    if (!problem) throw error;
    return jsonResponse({ message: problem.message, errors: [{ field: null, code: problem.code, message: problem.message }] }, problem.status);
  }
}

export async function POST(request: Request) {
  return change(request, (dataDir) => issueMetricsToken('create', 'console', { dataDir }));
}

export async function PUT(request: Request) {
  return change(request, (dataDir) => issueMetricsToken('rotate', 'console', { dataDir }));
}

export async function DELETE(request: Request) {
  return change(request, (dataDir) => revokeMetricsToken('console', { dataDir }));
}
