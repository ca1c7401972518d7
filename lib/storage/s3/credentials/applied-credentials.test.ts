import { describe, expect, it } from 'vitest';
import { appliedCredentialsCache, type ResolveCredentials } from './applied-credentials';
import type { S3AuthSettings, StsLocation } from './types';

const LIFETIME_MS = 15 * 60_000;
const location: StsLocation = { serviceUrl: 'http://127.0.0.1:9000', region: 'us-east-1' };
const role: S3AuthSettings = { mode: 'assume-role', roleArn: 'arn:aws:iam:::role/packages', externalId: '', accessKey: 'AK', secretKey: 'SK' };

function fakeSts(clock: { now: number }) {
  const calls: string[] = [];
  const resolve: ResolveCredentials = async (auth) => {
    calls.push(auth.roleArn);
    return {
      ok: true,
      credentials: { accessKeyId: `TEMP${calls.length}`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(clock.now + LIFETIME_MS) },
      origin: { mode: auth.mode, source: 'access-keys' },
    };
  };
  return { resolve, calls };
}

async function keyId(result: Promise<{ ok: boolean; credentials?: { accessKeyId: string } }>): Promise<string | undefined> {
  return (await result).credentials?.accessKeyId;
}

describe('applied configuration credentials', () => {
  it('reuses the role session, then renews it before it expires', async () => {
    const clock = { now: 5_000_000 };
    const sts = fakeSts(clock);
    const applied = appliedCredentialsCache(sts.resolve, () => clock.now);
    expect(await keyId(applied(role, location, 1000))).toBe('TEMP1');
    clock.now += LIFETIME_MS - 6 * 60_000;
    expect(await keyId(applied(role, location, 1000))).toBe('TEMP1');
    // Four minutes left: still valid, but renewed ahead of the end.
    clock.now += 2 * 60_000;
    expect(await keyId(applied(role, location, 1000))).toBe('TEMP2');
    expect(sts.calls).toHaveLength(2);
  });

  it('starts a new provider when the applied configuration changes', async () => {
    const clock = { now: 0 };
    const sts = fakeSts(clock);
    const applied = appliedCredentialsCache(sts.resolve, () => clock.now);
    expect(await keyId(applied(role, location, 1000))).toBe('TEMP1');
    const other = { ...role, roleArn: 'arn:aws:iam:::role/other' };
    expect(await keyId(applied(other, location, 1000))).toBe('TEMP2');
    expect(await keyId(applied({ ...other, secretKey: 'rotated' }, location, 1000))).toBe('TEMP3');
    expect(await keyId(applied({ ...other, secretKey: 'rotated' }, location, 1000))).toBe('TEMP3');
    expect(sts.calls).toEqual(['arn:aws:iam:::role/packages', 'arn:aws:iam:::role/other', 'arn:aws:iam:::role/other']);
  });

  it('uses access keys as they are and returns a refusal as an issue, asking again next time', async () => {
    const clock = { now: 0 };
    let refuse = true;
    const calls: number[] = [];
    const applied = appliedCredentialsCache(async (auth) => {
      calls.push(1);
      if (refuse) return { ok: false, issue: { code: 'assumeRoleDenied', field: 'roleArn' } };
      return { ok: true, credentials: { accessKeyId: 'TEMP', secretAccessKey: 's' }, origin: { mode: auth.mode, source: 'environment' } };
    }, () => clock.now);
    expect(await applied({ ...role, mode: 'keys' }, location, 1000)).toEqual({ ok: true, credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' } });
    expect(calls).toHaveLength(0);
    expect(await applied(role, location, 1000)).toEqual({ ok: false, issue: { code: 'assumeRoleDenied', field: 'roleArn' } });
    refuse = false;
    expect(await keyId(applied(role, location, 1000))).toBe('TEMP');
    expect(calls).toHaveLength(2);
  });
});
