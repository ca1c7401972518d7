import { describe, expect, it } from 'vitest';
import { createRedactor } from './redactor';
import { buildChildEnv } from './child-env';
import { nextDelay, DEFAULT_BACKOFF } from './backoff';

describe('createRedactor', () => {
  it('replaces each secret, also URL- and base64-encoded, longest first', () => {
    const redact = createRedactor(['s3cr/t+key', 's3cr']);
    expect(redact('a s3cr/t+key b s3cr%2Ft%2Bkey c czNjci90K2tleQ== d s3cr')).toBe('a [redacted] b [redacted] c [redacted] d [redacted]');
  });

  it('leaves text alone without secrets, and ignores empty ones', () => {
    expect(createRedactor([])('token abc')).toBe('token abc');
    expect(createRedactor(['', 'ab'])('ab')).toBe('ab');
  });
});

describe('buildChildEnv', () => {
  it('inherits nothing but what a Node child needs', () => {
    const parent = { PATH: '/bin', AWS_ACCESS_KEY_ID: 'AKIA', AWS_CA_BUNDLE: '/ca', HTTPS_PROXY: 'http://p', CONSOLE_ENCRYPTION_KEY: 'k', LANG: 'C.UTF-8' };
    expect(buildChildEnv({ S3_ACCESS_KEY: 'x' }, '/data/services/a', parent)).toEqual({ PATH: '/bin', LANG: 'C.UTF-8', HOME: '/data/services/a', NODE_ENV: 'production', S3_ACCESS_KEY: 'x' });
  });
});

describe('nextDelay', () => {
  it('starts at 1 s, doubles, stops at 60 s, and starts again after a long run', () => {
    const delays: number[] = [];
    let previous: number | null = null;
    for (let crash = 0; crash < 9; crash += 1) delays.push((previous = nextDelay(DEFAULT_BACKOFF, previous, 100)));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(nextDelay(DEFAULT_BACKOFF, 60_000, 61_000)).toBe(1000);
  });
});
