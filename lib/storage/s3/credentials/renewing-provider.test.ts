import { describe, expect, it } from 'vitest';
import { renewingCredentials } from './renewing-provider';
import type { TemporaryCredentials } from './types';

function issuer(lifetimeMs: number | null, clock: { now: number }) {
  let issued = 0;
  const fetch = async (): Promise<TemporaryCredentials> => {
    issued += 1;
    return {
      accessKeyId: `TEMP${issued}`,
      secretAccessKey: 'secret',
      sessionToken: 'token',
      ...(lifetimeMs === null ? {} : { expiration: new Date(clock.now + lifetimeMs) }),
    };
  };
  return { fetch, count: () => issued };
}

describe('renewing credentials', () => {
  it('reuses credentials until five minutes before expiry, then renews', async () => {
    const clock = { now: 1_000_000 };
    const source = issuer(15 * 60_000, clock);
    const credentials = renewingCredentials(source.fetch, { now: () => clock.now });
    expect((await credentials()).accessKeyId).toBe('TEMP1');
    clock.now += 9 * 60_000;
    expect((await credentials()).accessKeyId).toBe('TEMP1');
    clock.now += 60_001;
    expect((await credentials()).accessKeyId).toBe('TEMP2');
    expect(source.count()).toBe(2);
  });

  it('shares one renewal between concurrent callers', async () => {
    const clock = { now: 0 };
    const source = issuer(15 * 60_000, clock);
    const credentials = renewingCredentials(source.fetch, { now: () => clock.now });
    const all = await Promise.all([credentials(), credentials(), credentials()]);
    expect(all.map((c) => c.accessKeyId)).toEqual(['TEMP1', 'TEMP1', 'TEMP1']);
    expect(source.count()).toBe(1);
  });

  it('keeps credentials without an expiry and retries after a failed renewal', async () => {
    const clock = { now: 0 };
    const never = issuer(null, clock);
    const lasting = renewingCredentials(never.fetch, { now: () => clock.now });
    await lasting();
    clock.now += 365 * 86_400_000;
    await lasting();
    expect(never.count()).toBe(1);

    let fail = true;
    const flaky = renewingCredentials(async () => {
      if (fail) throw new Error('sts down');
      return { accessKeyId: 'OK', secretAccessKey: 's' };
    });
    await expect(flaky()).rejects.toThrow('sts down');
    fail = false;
    expect((await flaky()).accessKeyId).toBe('OK');
  });
});
