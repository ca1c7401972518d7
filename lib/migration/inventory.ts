import type { ObjectAccess, PrefixInventory, Totals } from './types';

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

export function sumTotals(entries: readonly Totals[]): Totals {
  return entries.reduce((sum, entry) => ({ objects: sum.objects + entry.objects, bytes: sum.bytes + entry.bytes }), { objects: 0, bytes: 0 });
}
