import { describe, expect, it } from 'vitest';
import { describeIdentity, selectKey, utcMinute } from './describe-identity';

const t = (key: string, params?: Record<string, string>) => `${key}${params ? JSON.stringify(params) : ''}`;

describe('describeIdentity', () => {
  it('names the principal, the role with its session and source, and the expiry', () => {
    const lines = describeIdentity(
      { mode: 'assume-role', source: 'web-identity', principal: 'arn:aws:sts::123456789012:assumed-role/p/s', role: 'arn:aws:iam::123456789012:role/p', session: 's', expiresAt: '2026-11-29T16:05:07.000Z' },
      t,
    );
    expect(lines).toEqual([
      'identity.ranAs{"principal":"arn:aws:sts::123456789012:assumed-role/p/s"}',
      'identity.role{"role":"arn:aws:iam::123456789012:role/p","session":"s"}',
      'identity.source{"assumed":"yes","source":"webIdentity","accessKeyId":""}',
      'identity.expires{"time":"2026-11-29 16:05 UTC"}',
    ]);
  });

  it('access keys: only where they came from, with the key ID', () => {
    expect(describeIdentity({ mode: 'keys', source: 'access-keys', accessKeyId: 'AKIAEXAMPLE' }, t)).toEqual([
      'identity.source{"assumed":"no","source":"accessKeys","accessKeyId":"AKIAEXAMPLE"}',
    ]);
  });

  it('select keys and times', () => {
    expect(selectKey('instance-metadata')).toBe('instanceMetadata');
    expect(utcMinute('not a time')).toBe('not a time');
  });
});
