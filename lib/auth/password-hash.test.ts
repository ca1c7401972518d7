import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPasswordHash } from './password-hash';
import { passwordProblem } from './password-policy';

const FAST = { N: 2 ** 10, r: 8, p: 1, keyLength: 64 };

describe('hashPassword / verifyPasswordHash', () => {
  it('verifies the right password and rejects others, with a fresh salt per hash', async () => {
    const first = await hashPassword('correct horse battery', FAST);
    const second = await hashPassword('correct horse battery', FAST);
    expect(first.salt).not.toBe(second.salt);
    expect(first.hash).not.toBe(second.hash);
    expect(JSON.stringify(first)).not.toContain('correct horse');
    expect(await verifyPasswordHash('correct horse battery', first)).toBe(true);
    expect(await verifyPasswordHash('correct horse batterY', first)).toBe(false);
    expect(await verifyPasswordHash('', first)).toBe(false);
  });

  it('uses the parameters stored with the hash', async () => {
    const stored = await hashPassword('correct horse battery', FAST);
    expect(await verifyPasswordHash('correct horse battery', { ...stored, N: 2 ** 11 })).toBe(false);
  });

  it('treats canonically equivalent Unicode as the same password', async () => {
    const stored = await hashPassword('mot de passe déjà vu', FAST); // precomposed é and à
    expect(await verifyPasswordHash('mot de passe de\u0301ja\u0300 vu', stored)).toBe(true);
  });

  it('works with the default (production) parameters', async () => {
    const stored = await hashPassword('a long enough password');
    expect(stored).toMatchObject({ N: 2 ** 15, r: 8, p: 1, keyLength: 64 });
    expect(await verifyPasswordHash('a long enough password', stored)).toBe(true);
  });
});

describe('passwordProblem', () => {
  it('requires 12 characters counted as code points', () => {
    expect(passwordProblem('')).toBe('passwordRequired');
    expect(passwordProblem('elevenchars')).toBe('passwordTooShort');
    expect(passwordProblem('twelve chars')).toBeNull();
    expect(passwordProblem('根密码根密码根密码根密码')).toBeNull(); // 12 characters
    expect(passwordProblem('😀😀😀😀😀😀😀😀😀😀😀')).toBe('passwordTooShort'); // 11 characters, 22 UTF-16 units
  });

  it('refuses control characters and absurd lengths', () => {
    expect(passwordProblem('twelve chars\n')).toBe('passwordControlCharacters');
    expect(passwordProblem('tab\tseparated pass')).toBe('passwordControlCharacters');
    expect(passwordProblem('x'.repeat(256))).toBeNull();
    expect(passwordProblem('x'.repeat(257))).toBe('passwordTooLong');
  });
});
