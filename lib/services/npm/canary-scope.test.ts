import { describe, expect, it } from 'vitest';
import { parseProxySettings } from '@/lib/network/proxy-env';
import type { StorageBinding } from '@/lib/storage/binding';
import type { EcosystemMode } from '../types';
import { canaryPackage } from './canary';
import { CANARY_SCOPE, CANARY_USER, CONSOLE_PACKAGES } from './config';
import { NPM_SERVICE } from './service';

// The canary's scope in the rendered Verdaccio configuration: a rule of its own, before the generic
// scoped one (Verdaccio takes the first that matches), for the canary account only, never proxied.

const s3: StorageBinding = { protocol: 's3-api', endpoint: '', region: 'eu-west-1', bucket: 'b', forcePathStyle: false, authMode: 'keys', accessKey: 'AKIA1', secretKey: 'secret1', caPems: [], proxied: false, secrets: ['AKIA1', 'secret1'] };
const paths = { instanceDir: '/data/services/npm/i1', modulesDir: '/srv/modules', serviceSecret: 'd'.repeat(64), credentials: [{ name: 'ci-bot', secret: 'E'.repeat(43) }] };
const RULE = `${CANARY_SCOPE}/*`;

function packagesOf(mode: EcosystemMode, upstreaming: 'enabled' | 'disabled'): Record<string, Record<string, string>> {
  const input = {
    binding: s3,
    mode,
    settings: { npm: mode, 'npm-upstreaming': upstreaming },
    proxy: parseProxySettings({}),
    upstreamUrls: { npm: 'http://127.0.0.1:9/' },
    openStorage: () => {
      throw new Error('not here');
    },
  };
  const rendered = NPM_SERVICE.render(input, paths, 4000);
  return JSON.parse(rendered.files.find((file) => file.name === 'config.yaml')!.content).packages;
}

const cases = (['enabled', 'read-only'] as const).flatMap((mode) => (['disabled', 'enabled'] as const).map((upstreaming) => ({ mode, upstreaming })));

describe('the canary scope in the rendered Verdaccio configuration', () => {
  it.each(cases)('$mode, upstreaming $upstreaming: comes after the console’s packages and before every generic rule', ({ mode, upstreaming }) => {
    expect(Object.keys(packagesOf(mode, upstreaming))).toEqual([CONSOLE_PACKAGES, RULE, '@*/*', '**']);
  });

  it.each(cases)('$mode, upstreaming $upstreaming: only the canary account reads, publishes or unpublishes there, never through the upstream', ({ mode, upstreaming }) => {
    const packages = packagesOf(mode, upstreaming);
    expect(packages[RULE]).toEqual({ access: CANARY_USER, publish: CANARY_USER, unpublish: CANARY_USER });
    expect(packages[RULE]).not.toHaveProperty('proxy');
    // The generic scoped rule is the one the canary's packages would otherwise fall under: it lets admins publish.
    expect(packages['@*/*']!.publish).toBe(mode === 'read-only' ? CANARY_USER : '$authenticated');
    expect('proxy' in packages['@*/*']!).toBe(upstreaming === 'enabled');
  });

  it('is the scope the canary publishes in, with the run in the version and objects under the npm prefix', () => {
    const canary = canaryPackage('2026-12-06T20:01:02.345Z_ab12', '0123456789ab');
    expect(canary).toEqual({
      name: '@console-canary/canary-0123456789ab',
      version: '0.0.0-canary-2026-12-06T20-01-02-345Z-ab12',
      documentPath: '/@console-canary%2fcanary-0123456789ab',
      tarballPath: '/@console-canary/canary-0123456789ab/-/canary-0123456789ab-0.0.0-canary-2026-12-06T20-01-02-345Z-ab12.tgz',
      attachment: '@console-canary/canary-0123456789ab-0.0.0-canary-2026-12-06T20-01-02-345Z-ab12.tgz',
      storagePrefix: 'packages-services/npm/@console-canary/canary-0123456789ab/',
    });
    expect(canary.name.startsWith(`${CANARY_SCOPE}/`)).toBe(true);
  });

  it('names each canary apart, and without a run puts its random part in the version', () => {
    const first = canaryPackage(undefined);
    const second = canaryPackage(undefined);
    expect(first.name).toMatch(/^@console-canary\/canary-[0-9a-f]{12}$/);
    expect(first.name).not.toBe(second.name);
    expect(first.version).toBe(`0.0.0-canary-${first.name.slice(-12)}`);
    expect(canaryPackage('', 'abcdef012345').version).toBe('0.0.0-canary-abcdef012345');
  });
});
