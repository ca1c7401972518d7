import { REQUEST_TIMEOUT_MS } from './api-client';
import type { InventoryBody } from './inventory-types';

export const INVENTORY_ENDPOINT = '/api/settings/storage/inventory';

/**
 * The inventory, or why there is none: `inForce` is false when no storage is in force at all (nothing
 * to copy, so no copy to offer); `message` is the console's own localized reason when it gave one.
 */
export type InventoryResult = { kind: 'ok'; inventory: InventoryBody } | { kind: 'failed'; inForce: boolean; message: string | null; status: number | null };

export async function fetchInventory(locale: string, signal?: AbortSignal): Promise<InventoryResult> {
  let response: Response;
  try {
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    response = await fetch(INVENTORY_ENDPOINT, { headers: { 'accept-language': locale }, cache: 'no-store', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch {
    return { kind: 'failed', inForce: true, message: null, status: null };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && body && typeof body === 'object' && 'ecosystems' in body) return { kind: 'ok', inventory: body as InventoryBody };
  const message = body && typeof body === 'object' && 'message' in body && typeof body.message === 'string' ? body.message : null;
  return { kind: 'failed', inForce: response.status !== 409, message, status: response.status };
}
