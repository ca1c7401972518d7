import 'server-only';
import { causeText } from '@/lib/config-run/localize-migration';
import { localizeRun } from '@/lib/config-run/localize-run';
import { getRun } from '@/lib/config-run/reconcile';
import { requestCancel } from '@/lib/config-run/run-cancel';
import { inventoryInForce, type InventoryFailure } from '@/lib/config-run/storage-inventory';
import { isRunId } from '@/lib/config-run/types';
import { humanSize } from '@/lib/i18n/human-size';
import type { MessageLookup } from '@/lib/i18n/lookup';
import { manageJson, manageProblem } from './responses';
import { runStatusJson } from './run-json';
import type { ManageContext } from './with-manage-auth';

// A run by its ID (GET /config/runs/{id}), cancelling it (POST …/cancel), and what a storage move
// would copy (GET /config/storage/inventory).

type RunRoute = { params: Promise<{ id: string }> };

const routeId = async (route: unknown) => (await (route as RunRoute).params).id;
const notFound = (t: MessageLookup) => manageProblem(404, 'runNotFound', t('ManageApi.runNotFound'), 'id');

/** GET /manage/v1/config/runs/{id}: the run, its phases and, for a storage move, its copy. */
export async function getRunById(_request: Request, { t, env }: ManageContext, route: unknown): Promise<Response> {
  const id = await routeId(route);
  const run = isRunId(id) ? await getRun(env, id) : null;
  if (!run) return notFound(t);
  return manageJson(runStatusJson(localizeRun(run, t)));
}

/** POST /manage/v1/config/runs/{id}/cancel: the run stops at its next step (in whichever process runs it). */
export async function postRunCancel(_request: Request, { t, env }: ManageContext, route: unknown): Promise<Response> {
  const id = await routeId(route);
  const outcome = await requestCancel(env, id);
  if (outcome === 'not-found') return notFound(t);
  if (outcome === 'not-running') return manageProblem(409, 'runNotRunning', t('ManageApi.runNotRunning'), 'id');
  return manageJson({ run_id: id, message: t('ManageApi.cancelRequested') }, 202);
}

function inventoryProblem(failure: InventoryFailure, t: MessageLookup): Response {
  switch (failure.code) {
    case 'notApplied':
    case 'packagesOff':
      return manageProblem(409, failure.code, t(`StorageMigration.${failure.code}`));
    case 'listFailed':
      // The store's answer is the upstream failure: a gateway error, with the neutral cause, never the SDK's text.
      return manageProblem(502, 'listFailed', t('StorageMigration.listFailed', { cause: causeText(failure.cause, failure.status, t) }));
    case 'appliedUnreadable':
      return manageProblem(503, 'appliedUnreadable', t('StorageMigration.appliedUnreadable', { reason: failure.reason }));
  }
}

/** GET /manage/v1/config/storage/inventory: each ecosystem's objects and bytes in the storage in force (a listing only). */
export async function getStorageInventory(request: Request, { t, env }: ManageContext): Promise<Response> {
  const result = await inventoryInForce(env, request.signal);
  if (!result.ok) return inventoryProblem(result.failure, t);
  const { storage, ecosystems, total } = result.inventory;
  return manageJson({
    storage,
    ecosystems: ecosystems.map((entry) => ({ ...entry, name: t(`Ecosystems.${entry.id}.name`), size: humanSize(entry.bytes) })),
    total: { ...total, size: humanSize(total.bytes) },
  });
}
