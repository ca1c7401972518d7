import type { ObjectInfo } from '@/lib/storage/binding';
import type { ObjectAccess, PrefixInventory, Scope, ScopeFilter, ScopeInventory, Totals } from './types';

// The dry run: what lies under each prefix (objects and bytes), from a listing only. Nothing is read or written.

export async function inventory(source: ObjectAccess, prefixes: readonly string[], signal?: AbortSignal): Promise<PrefixInventory[]> {
  const result: PrefixInventory[] = [];
  for (const prefix of prefixes) {
    const entry = { prefix, objects: 0, bytes: 0 };
    for await (const object of source.listObjects(prefix, signal)) {
      entry.objects += 1;
      entry.bytes += object.size;
    }
    result.push(entry);
  }
  return result;
}

function commonPrefix(prefixes: readonly string[]): string {
  const [first = '', ...rest] = prefixes;
  let length = first.length;
  for (const prefix of rest) {
    while (length > 0 && !prefix.startsWith(first.slice(0, length))) length -= 1;
  }
  return first.slice(0, length);
}

/** Whether a key lies in the scope. */
export const inScope = (scope: ScopeFilter, key: string): boolean => key.startsWith(scope.prefix) && !scope.exclude.some((prefix) => key.startsWith(prefix));

/** Whole prefixes as scopes (nothing excluded). */
export const prefixScopes = (prefixes: readonly string[]): ScopeFilter[] => prefixes.map((prefix) => ({ prefix, exclude: [] }));

/** Every object of each scope, one scope after the other, listed lazily page by page. */
export async function* listScopes(source: ObjectAccess, scopes: readonly ScopeFilter[], signal?: AbortSignal): AsyncGenerator<ObjectInfo> {
  for (const scope of scopes) {
    for await (const object of source.listObjects(scope.prefix, signal)) if (inScope(scope, object.key)) yield object;
  }
}

/** Objects and bytes of the scopes together. */
export async function scopeTotals(source: ObjectAccess, scopes: readonly ScopeFilter[], signal?: AbortSignal): Promise<Totals> {
  const totals = { objects: 0, bytes: 0 };
  for await (const object of listScopes(source, scopes, signal)) {
    totals.objects += 1;
    totals.bytes += object.size;
  }
  return totals;
}

/**
 * The dry run by scope, from one listing of what the scopes share: a scope may be the whole storage but
 * others' prefixes, which a listing by prefix cannot express. A key in no scope is not counted; a key in
 * several counts for the first (the caller's scopes are meant not to overlap).
 */
export async function inventoryScopes(source: ObjectAccess, scopes: readonly Scope[], signal?: AbortSignal): Promise<ScopeInventory[]> {
  const result = scopes.map((scope) => ({ id: scope.id, objects: 0, bytes: 0 }));
  if (scopes.length === 0) return result;
  for await (const object of source.listObjects(commonPrefix(scopes.map((scope) => scope.prefix)), signal)) {
    const index = scopes.findIndex((scope) => inScope(scope, object.key));
    const entry = result[index];
    if (!entry) continue;
    entry.objects += 1;
    entry.bytes += object.size;
  }
  return result;
}

export function sumTotals(entries: readonly Totals[]): Totals {
  return entries.reduce((sum, entry) => ({ objects: sum.objects + entry.objects, bytes: sum.bytes + entry.bytes }), { objects: 0, bytes: 0 });
}
