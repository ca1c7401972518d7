import { describe, expect, it } from 'vitest';
import { readConsoleEnv } from '@/lib/env';
import { EMPTY_PACKAGES_SETTINGS, type PackagesSettings } from '@/lib/settings/types';
import type { EcosystemMode } from '../types';
import { CredentialsRefresh, type RefreshHost } from './credentials-refresh';
import type { RunningInstance, ServiceRunner } from './runner';

// The refresh's order of events with a recording runner: what is staged, committed or discarded, when a
// run is staged meanwhile or the settings in force change under it.

const settings = (bucket: string) =>
  ({ ...EMPTY_PACKAGES_SETTINGS, enabled: true, storageType: 's3', serviceUrl: 'http://127.0.0.1:1', bucket, accessKey: 'AKIA', secretKey: 'secret', region: 'us-east-1', pathStyle: 'path' }) as PackagesSettings;

function fixture(mode: EcosystemMode = 'enabled') {
  const events: string[] = [];
  let count = 0;
  const state = { staged: false, inForce: settings('a') as PackagesSettings | null, onStage: () => {} };
  const runner = {
    current: { baseUrl: 'old' } as RunningInstance | null,
    async stage(input: { binding: { protocol: string } }) {
      count += 1;
      events.push(`stage ${count} ${input.binding.protocol}`);
      state.onStage();
      return { baseUrl: `new-${count}` } as RunningInstance;
    },
    async commit(instance: RunningInstance, committedMode: EcosystemMode) {
      events.push(`commit ${instance.baseUrl} ${committedMode}`);
      runner.current = instance;
    },
    async discard(instance: RunningInstance) {
      events.push(`discard ${instance.baseUrl}`);
    },
  };
  const host: RefreshHost = {
    env: readConsoleEnv({ NODE_ENV: 'test' }),
    runStaged: () => state.staged,
    inForce: () => state.inForce,
    ecosystem: (id) => {
      if (id !== 'npm') throw new Error(`unknown packages service ${id}`);
      return { runner: runner as unknown as ServiceRunner, mode };
    },
    changed: () => events.push('changed'),
  };
  return { refresh: new CredentialsRefresh(host), events, state, runner };
}

describe('credentials refresh', () => {
  it('stages a new instance from the settings in force and switches to it in the same mode', async () => {
    const { refresh, events } = fixture('read-only');
    expect(await refresh.request('npm')).toEqual({ id: 'npm', action: 'refreshed' });
    expect(events).toEqual(['stage 1 s3-api', 'commit new-1 read-only', 'changed']);
  });

  it('does nothing for an ecosystem that is not serving, or before any run was committed', async () => {
    const disabled = fixture('disabled');
    expect(await disabled.refresh.request('npm')).toEqual({ id: 'npm', action: 'none' });
    const stopped = fixture();
    stopped.runner.current = null;
    expect(await stopped.refresh.request('npm')).toEqual({ id: 'npm', action: 'none' });
    const fresh = fixture();
    fresh.state.inForce = null;
    expect(await fresh.refresh.request('npm')).toEqual({ id: 'npm', action: 'none' });
    expect([...disabled.events, ...stopped.events, ...fresh.events]).toEqual([]);
  });

  it('waits for a staged run to end, then refreshes', async () => {
    const { refresh, events, state } = fixture();
    state.staged = true;
    expect(await refresh.request('npm')).toEqual({ id: 'npm', action: 'deferred' });
    expect(events).toEqual([]);
    state.staged = false;
    refresh.afterRun('run-1');
    await expect.poll(() => events).toEqual(['stage 1 s3-api', 'commit new-1 enabled', 'changed']);
  });

  it('renders again when a run committed other settings while it staged, and gives up after three tries', async () => {
    const { refresh, events, state } = fixture();
    let changes = 1;
    state.onStage = () => {
      if (changes-- > 0) state.inForce = settings('b');
    };
    expect(await refresh.request('npm')).toEqual({ id: 'npm', action: 'refreshed' });
    expect(events).toEqual(['stage 1 s3-api', 'discard new-1', 'stage 2 s3-api', 'commit new-2 enabled', 'changed']);
    state.onStage = () => void (state.inForce = settings(String(Math.random())));
    await expect(refresh.request('npm')).rejects.toThrow('kept changing');
  });

  it('refreshes again after a run that was staged while it switched', async () => {
    const { refresh, events, state } = fixture();
    state.onStage = () => void (state.staged = true);
    expect(await refresh.request('npm')).toEqual({ id: 'npm', action: 'refreshed' });
    state.onStage = () => {};
    state.staged = false;
    refresh.afterRun('run-2');
    await expect.poll(() => events.filter((event) => event.startsWith('commit'))).toEqual(['commit new-1 enabled', 'commit new-2 enabled']);
  });

  it('serializes refreshes and rejects an unknown ecosystem without blocking the next', async () => {
    const { refresh, events } = fixture();
    const both = Promise.all([refresh.request('npm'), refresh.request('npm')]);
    await expect(refresh.request('nope')).rejects.toThrow('unknown packages service nope');
    await both;
    expect(events).toEqual(['stage 1 s3-api', 'commit new-1 enabled', 'changed', 'stage 2 s3-api', 'commit new-2 enabled', 'changed']);
  });
});
