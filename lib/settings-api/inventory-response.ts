import 'server-only';
import type { InventoryFailure, StorageInventory } from '@/lib/config-run/storage-inventory';
import { causeText } from '@/lib/config-run/localize-migration';
import { errorResponse, jsonResponse } from '@/lib/http/json-response';
import { humanSize } from '@/lib/i18n/human-size';
import type { MessageLookup } from '@/lib/i18n/lookup';
import type { InventoryBody } from './inventory-types';

// The inventory of the storage in force for the form's storage-change confirmation: ecosystems by name,
// sizes for people; or why there is none, in the reader's language (codes and statuses only, no secret).

const FAILURE_STATUS: Record<InventoryFailure['code'], number> = { notApplied: 409, packagesOff: 409, appliedUnreadable: 503, listFailed: 502 };

export function inventoryBody(inventory: StorageInventory, t: MessageLookup): InventoryBody {
  return {
    storage: inventory.storage.target,
    ecosystems: inventory.ecosystems.map((entry) => ({ id: entry.id, name: t(`Ecosystems.${entry.id}.name`), objects: entry.objects, bytes: entry.bytes, size: humanSize(entry.bytes) })),
    total: { objects: inventory.total.objects, bytes: inventory.total.bytes, size: humanSize(inventory.total.bytes) },
  };
}

export function inventoryFailureText(failure: InventoryFailure, t: MessageLookup): string {
  if (failure.code === 'listFailed') return t('StorageMigration.listFailed', { cause: causeText(failure.cause, failure.status, t) });
  if (failure.code === 'appliedUnreadable') return t('StorageMigration.appliedUnreadable', { reason: failure.reason });
  return t(`StorageMigration.${failure.code}`);
}

export function inventoryResponse(result: { ok: true; inventory: StorageInventory } | { ok: false; failure: InventoryFailure }, t: MessageLookup): Response {
  if (result.ok) return jsonResponse(inventoryBody(result.inventory, t));
  const message = inventoryFailureText(result.failure, t);
  return errorResponse(FAILURE_STATUS[result.failure.code], { message, errors: [{ field: null, code: result.failure.code, message }] });
}
