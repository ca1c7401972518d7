import { describe, expect, it } from 'vitest';
import { inScope } from '@/lib/migration';
import { PROBE_PREFIX } from '@/lib/storage/check/probe-prefix';
import { CONSOLE_PREFIXES, HEALTH_PREFIX } from '@/lib/storage/console-prefixes';
import { SERVICES } from './registry';
import { SERVICES_PREFIX } from './storage-scope';

// Each object of the packages storage belongs to one ecosystem at most, so an inventory (and a move)
// counts it once; the console's own probes belong to none.

const scopesOf = (key: string) => SERVICES.filter((service) => inScope(service.storageScope, key)).map((service) => service.id);

describe('services storage scopes', () => {
  it('place each service-written key in exactly one scope', () => {
    const own = SERVICES.filter((service) => service.storageScope.prefix !== '');
    expect(own.length).toBeGreaterThanOrEqual(2);
    for (const service of own) {
      expect(service.storageScope.prefix.startsWith(SERVICES_PREFIX), service.id).toBe(true);
      expect(scopesOf(`${service.storageScope.prefix}some/object.json`)).toEqual([service.id]);
    }
    // A key at the root (the build cache's <team>/<hash>) belongs to the one service that writes there.
    const root = SERVICES.filter((service) => service.storageScope.prefix === '');
    expect(root).toHaveLength(1);
    expect(scopesOf('my-team/0123abcd')).toEqual([root[0]!.id]);
  });

  it('count the console probes and an unknown service folder in none', () => {
    expect(CONSOLE_PREFIXES).toEqual([PROBE_PREFIX, HEALTH_PREFIX]);
    for (const prefix of CONSOLE_PREFIXES) expect(scopesOf(`${prefix}probe-1`)).toEqual([]);
    expect(scopesOf(`${SERVICES_PREFIX}some-future-service/x`)).toEqual([]);
  });

  it('never overlap: a scope inside another is excluded from it', () => {
    for (const outer of SERVICES) {
      for (const inner of SERVICES) {
        if (outer === inner || !inner.storageScope.prefix.startsWith(outer.storageScope.prefix)) continue;
        expect(outer.storageScope.exclude.some((prefix) => inner.storageScope.prefix.startsWith(prefix)), `${outer.id} holds ${inner.id}`).toBe(true);
      }
    }
  });
});
