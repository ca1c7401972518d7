import 'server-only';
import { servicesStatusJson } from '@/lib/services/describe-services';
import { SERVICE_IDS } from '@/lib/services/registry';
import { isServiceId, MAX_LOG_LINES, readServiceLog, readServicesStatus } from '@/lib/services/status-file';
import { manageJson, manageProblem } from './responses';
import type { ManageContext } from './with-manage-auth';

// The packages services as the console supervising them last reported them, and the end of each one's
// log (redacted when written). Read-only: the services are started and stopped by configuration runs.

const DEFAULT_LOG_LINES = 100;

/** GET /manage/v1/packages/services: every ecosystem's state, address, storage, process and how users connect. */
export async function getServices(_request: Request, { t, env }: ManageContext): Promise<Response> {
  return manageJson(servicesStatusJson(await readServicesStatus(env.dataDir, env.services), t));
}

/** GET /manage/v1/packages/services/{id}/logs?lines=N: the last N (1..1000, default 100) lines of a service's log. */
export async function getServiceLogs(request: Request, { t, env }: ManageContext, route: unknown): Promise<Response> {
  const { id } = await (route as { params: Promise<{ id: string }> }).params;
  if (!isServiceId(id)) return manageProblem(404, 'serviceUnknown', t('ServicesManage.serviceUnknown', { name: id, names: SERVICE_IDS.join(', ') }), 'id');
  const raw = new URL(request.url).searchParams.get('lines');
  const lines = raw === null ? DEFAULT_LOG_LINES : /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(lines) || lines < 1 || lines > MAX_LOG_LINES) return manageProblem(400, 'linesInvalid', t('ServicesManage.linesInvalid'), 'lines');
  return manageJson({ id, lines: await readServiceLog(env.dataDir, id, lines) });
}
