import { describe, expect, it } from 'vitest';
import { memoryStore } from '@/lib/testing/memory-object-access';
import { inventoryScopes, sumTotals } from './inventory';
import type { Scope } from './types';

const SCOPES: Scope[] = [
  { id: 'a', prefix: 'services/a/', exclude: [] },
  { id: 'b', prefix: 'services/b/', exclude: [] },
  { id: 'root', prefix: '', exclude: ['services/', '.probe/'] },
];

function populated() {
  const store = memoryStore();
  store.put('services/a/one', 'x'.repeat(10));
  store.put('services/a/two/deep', 'x'.repeat(5));
  store.put('services/b/one', 'x'.repeat(7));
  store.put('services/c/stray', 'x'.repeat(100));
  store.put('team/hash1', 'x'.repeat(3));
  store.put('team/hash2', '');
  store.put('.probe/left', 'x'.repeat(50));
  return store;
}

describe('inventoryScopes', () => {
  it('counts each object once, under its scope, and none in no scope', async () => {
    const store = populated();
    const result = await inventoryScopes(store, SCOPES);
    expect(result).toEqual([
      { id: 'a', objects: 2, bytes: 15 },
      { id: 'b', objects: 1, bytes: 7 },
      { id: 'root', objects: 2, bytes: 3 },
    ]);
    expect(sumTotals(result)).toEqual({ objects: 5, bytes: 25 });
    expect(store.calls).toMatchObject({ reads: 0, writes: 0, removes: 0 });
  });

  it('lists only what the scopes share', async () => {
    const store = populated();
    const prefixes: string[] = [];
    const listObjects = store.listObjects.bind(store);
    store.listObjects = (prefix, signal) => {
      prefixes.push(prefix);
      return listObjects(prefix, signal);
    };
    expect(await inventoryScopes(store, SCOPES.slice(0, 2))).toEqual([
      { id: 'a', objects: 2, bytes: 15 },
      { id: 'b', objects: 1, bytes: 7 },
    ]);
    expect(prefixes).toEqual(['services/']);
    expect(await inventoryScopes(store, [])).toEqual([]);
  });
});
