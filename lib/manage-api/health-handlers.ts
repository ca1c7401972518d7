import 'server-only';
import { describeCause, describeHealth, describeOperation, describeServiceProbe, serviceProbeJson, type DescribedOperation } from '@/lib/health/describe-health';
import { readHealthHistory } from '@/lib/health/history-store';
import { manageJson, manageProblem } from './responses';
import type { ManageContext } from './with-manage-auth';

export const HEALTH_HISTORY_PATH = '/manage/v1/config/storage/health/history';

function operationJson(operation: DescribedOperation) {
  return { operation: operation.operation, status: operation.status, code: operation.code, message: operation.message, latency_ms: operation.latencyMs };
}

/** GET /manage/v1/config/storage/health: the latest health check of the storage in force. */
export async function getStorageHealth(_request: Request, { t, env }: ManageContext): Promise<Response> {
  const view = describeHealth((await readHealthHistory(env)).records.at(-1), t);
  return manageJson({
    state: view.state,
    cause: view.cause,
    checked_at: view.checkedAt,
    operations: view.operations.map(operationJson),
    certificate_expires_at: view.certificateExpiresAt,
    services: view.services.map(serviceProbeJson),
    history_url: HEALTH_HISTORY_PATH,
  });
}

/** GET /manage/v1/config/storage/health/history?since=: kept checks and state changes since a time (all 7 days without it). */
export async function getStorageHealthHistory(request: Request, { t, env }: ManageContext): Promise<Response> {
  const raw = new URL(request.url).searchParams.get('since');
  const since = raw === null || raw === '' ? null : Date.parse(raw);
  if (since !== null && (Number.isNaN(since) || !/^\d{4}-\d{2}-\d{2}T/.test(raw ?? ''))) {
    return manageProblem(422, 'sinceInvalid', t('ManageApi.sinceInvalid'), 'since');
  }
  const after = (at: string) => since === null || Date.parse(at) >= since;
  const history = await readHealthHistory(env);
  return manageJson({
    since: since === null ? null : new Date(since).toISOString(),
    checks: history.records
      .filter((record) => after(record.checkedAt))
      .map((record) => ({
        checked_at: record.checkedAt,
        state: record.state,
        cause: { code: record.cause.code, message: describeCause(record.cause, t) },
        operations: record.operations.map((outcome) => operationJson(describeOperation(outcome, record.storageType, t))),
        certificate_expires_at: record.certificateExpiresAt,
        services: (record.services ?? []).map((probe) => serviceProbeJson(describeServiceProbe(probe, t))),
      })),
    changes: history.changes
      .filter((change) => after(change.at))
      .map((change) => ({ at: change.at, from: change.from, to: change.to, cause: { code: change.cause.code, message: describeCause(change.cause, t) } })),
  });
}
