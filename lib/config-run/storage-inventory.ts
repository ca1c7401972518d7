import 'server-only';
import type { ConsoleEnv } from '@/lib/env';
import { classify, inventoryScopes, sumTotals, type ScopeInventory, type Totals } from '@/lib/migration';
import { storageServer } from '@/lib/storage/server';
import { appliedSettings, readAppliedConfig } from './applied-config';
import { migrationScopes } from './migration-steps';

// What a storage move would copy: each ecosystem's objects and bytes in the storage in force, from a
// listing only (the dry run of the CLI, the storage-change confirmation of the form and the Manage API).

export interface StorageInventory {
  storage: { type: string; target: string };
  ecosystems: ScopeInventory[];
  total: Totals;
}

/** Why there is no inventory: a code, and for a failed listing the neutral cause and the store's status. */
export type InventoryFailure =
  | { code: 'notApplied' | 'packagesOff' }
  | { code: 'appliedUnreadable'; reason: string }
  | { code: 'listFailed'; cause: string; status?: number };

export async function inventoryInForce(env: ConsoleEnv, signal?: AbortSignal): Promise<{ ok: true; inventory: StorageInventory } | { ok: false; failure: InventoryFailure }> {
  let settings;
  try {
    const config = await readAppliedConfig(env);
    if (config === null) return { ok: false, failure: { code: 'notApplied' } };
    if (!config.packages.enabled) return { ok: false, failure: { code: 'packagesOff' } };
    settings = await appliedSettings(config, env);
  } catch (error) {
    // Our own reading's words (a file that does not parse, a key that does not open it): no secret in them.
    return { ok: false, failure: { code: 'appliedUnreadable', reason: error instanceof Error ? error.message : String(error) } };
  }
  const server = storageServer(settings.storageType);
  const access = server.objectAccess(settings, { proxy: env.proxy, timeoutMs: env.checkTimeoutMs });
  try {
    const ecosystems = await inventoryScopes(access, migrationScopes(), signal);
    return { ok: true, inventory: { storage: { type: settings.storageType, target: server.cliTarget(settings) }, ecosystems, total: sumTotals(ecosystems) } };
  } catch (error) {
    // A code and a status, never the SDK's own message: it may quote a request (a signed URL, a header).
    const { code, status } = classify(error);
    return { ok: false, failure: { code: 'listFailed', cause: code, ...(status === undefined ? {} : { status }) } };
  } finally {
    access.close();
  }
}
