import fs from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleEnv } from '@/lib/env';
import { authenticateBasicAuth, parseBasicAuthorization } from './basic-auth';
import { lockoutFilePath, readLockoutStatus, recordFailure, SLOWDOWN_AFTER, SLOWDOWN_STEP_MS } from './lockout';
import { forgetKnownGood } from './login-turns';
import { createRootPassword, passwordFilePath, readPasswordRecord, replaceRootPassword } from './password-store';
import { tempConsoleEnv } from '@/lib/testing/console-env';
import { verifyRootPassword } from './verify-root-password';

const PASSWORD = 'root password for tests';
// Requests built here carry no socket address: the lockout counts them as the client 'unknown'.
const CLIENT = 'unknown';
// Each wrong password costs a real scrypt check (~90 ms alone, several times that on a busy machine).
vi.setConfig({ testTimeout: 20_000 });

let env: ConsoleEnv;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  forgetKnownGood(); // addresses that signed in during an earlier test, in another data directory
  ({ env, cleanup } = await tempConsoleEnv());
});
afterEach(() => cleanup());

describe('password store', () => {
  it('stores only a salted hash, 0600, and never overwrites on create', async () => {
    const record = await createRootPassword(PASSWORD, env);
    expect(record).toMatchObject({ algorithm: 'scrypt', epoch: 1 });
    const raw = await fs.readFile(passwordFilePath(env), 'utf8');
    expect(raw).not.toContain(PASSWORD);
    expect((await fs.stat(passwordFilePath(env))).mode & 0o777).toBe(0o600);
    expect(await createRootPassword('another password here', env)).toBeNull();
    expect((await verifyRootPassword(PASSWORD, CLIENT, env)).ok).toBe(true);
  });

  it('bumps the epoch on every replacement, so older sessions end', async () => {
    await createRootPassword(PASSWORD, env);
    expect((await replaceRootPassword('second password!', env)).epoch).toBe(2);
    expect(await verifyRootPassword('second password!', CLIENT, env)).toEqual({ ok: true, epoch: 2 });
    expect(await verifyRootPassword(PASSWORD, CLIENT, env)).toEqual({ ok: false, reason: 'wrongPassword' });
  });

  it('reports an unusable file instead of treating it as "no password"', async () => {
    await fs.writeFile(passwordFilePath(env), '{ not json');
    await expect(readPasswordRecord(env)).rejects.toThrow(/set-password/);
    await expect(verifyRootPassword(PASSWORD, CLIENT, env)).rejects.toThrow(/unusable/);
    expect((await replaceRootPassword(PASSWORD, env)).epoch).toBeGreaterThan(1_000_000);
  });
});

describe('verifyRootPassword', () => {
  it('says notSetUp before any password exists and counts nothing', async () => {
    expect(await verifyRootPassword(PASSWORD, CLIENT, env)).toEqual({ ok: false, reason: 'notSetUp' });
    expect((await readLockoutStatus(CLIENT, env)).failures).toBe(0);
  });

  it('locks on the tenth failure, then refuses even the right password, and a success resets the count', async () => {
    await createRootPassword(PASSWORD, env);
    for (let i = 1; i <= 9; i += 1) expect(await verifyRootPassword(`wrong password ${i}`, CLIENT, env)).toEqual({ ok: false, reason: 'wrongPassword' });
    expect(await verifyRootPassword(PASSWORD, CLIENT, env)).toEqual({ ok: true, epoch: 1 });
    expect((await readLockoutStatus(CLIENT, env)).failures).toBe(0);
    for (let i = 1; i <= 9; i += 1) await verifyRootPassword(`wrong password ${i}`, CLIENT, env);
    const tenth = await verifyRootPassword('wrong password 10', CLIENT, env);
    expect(tenth).toMatchObject({ ok: false, reason: 'locked' });
    expect(tenth.ok === false && tenth.reason === 'locked' && tenth.retryAfterSeconds).toBeGreaterThan(590);
    expect(await verifyRootPassword(PASSWORD, CLIENT, env)).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('locks only the address that guessed: the administrator elsewhere still signs in', async () => {
    await createRootPassword(PASSWORD, env);
    for (let i = 1; i <= 10; i += 1) await verifyRootPassword(`wrong password ${i}`, '127.0.0.2', env);
    expect(await verifyRootPassword(PASSWORD, '127.0.0.2', env)).toMatchObject({ ok: false, reason: 'locked' });
    expect(await verifyRootPassword(PASSWORD, '127.0.0.1', env)).toEqual({ ok: true, epoch: 1 });
  });

  it('makes every check wait past the ceiling, except for a password verified in the last minute', async () => {
    await createRootPassword(PASSWORD, env);
    for (let i = 0; i < SLOWDOWN_AFTER + 4; i += 1) await recordFailure(`10.0.0.${i}`, env);
    const delay = (await readLockoutStatus('127.0.0.1', env)) as { delayMs: number };
    expect(delay.delayMs).toBe(5 * SLOWDOWN_STEP_MS);
    const timed = async (password: string) => {
      const started = performance.now();
      const result = await verifyRootPassword(password, '127.0.0.1', env);
      return { result, ms: performance.now() - started };
    };
    // 127.0.0.1 has no failures: its password is checked at once, and the answer waits until the last
    // failure is one delay old (its wait runs from there, so it is timed from there).
    const lastFailure = Math.max(...(JSON.parse(await fs.readFile(lockoutFilePath(env), 'utf8')) as { all: number[] }).all);
    const wrong = await timed('wrong password again');
    expect(wrong.result).toEqual({ ok: false, reason: 'wrongPassword' });
    expect(Date.now() - lastFailure).toBeGreaterThanOrEqual(delay.delayMs - 5);
    const right = await timed(PASSWORD);
    expect(right.result).toEqual({ ok: true, epoch: 1 });
    expect(right.ms).toBeGreaterThanOrEqual(delay.delayMs + SLOWDOWN_STEP_MS - 5); // one more failure: a longer wait
    const remembered = await timed(PASSWORD);
    expect(remembered.result).toEqual({ ok: true, epoch: 1 });
    expect(remembered.ms).toBeLessThan(delay.delayMs);
  });

  it('gives parallel guesses no more than ten tries', async () => {
    await createRootPassword(PASSWORD, env);
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => verifyRootPassword(`parallel guess ${i}`, CLIENT, env)));
    expect(results.filter((r) => !r.ok && r.reason === 'wrongPassword')).toHaveLength(9);
    expect(results.filter((r) => !r.ok && r.reason === 'locked')).toHaveLength(16);
    expect((await readLockoutStatus(CLIENT, env)).failures).toBe(10);
  });
});

describe('basic auth', () => {
  const header = (value: string) => new Request('http://127.0.0.1/manage/v1/config', { headers: { authorization: value } });
  const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

  it('parses user and password, keeping colons in the password', () => {
    expect(parseBasicAuthorization(basic('api_key:pa:ss word'))).toEqual({ user: 'api_key', password: 'pa:ss word' });
    expect(parseBasicAuthorization('Bearer abc')).toBeNull();
    expect(parseBasicAuthorization('Basic !!!')).toBeNull();
    expect(parseBasicAuthorization(basic('no colon'))).toBeNull();
  });

  it('accepts api_key:<root password> and counts only real password attempts', async () => {
    await createRootPassword(PASSWORD, env);
    expect(await authenticateBasicAuth(header(basic(`api_key:${PASSWORD}`)), env)).toEqual({ ok: true });
    expect(await authenticateBasicAuth(new Request('http://127.0.0.1/'), env)).toMatchObject({ ok: false, status: 401, reason: 'missing' });
    expect(await authenticateBasicAuth(header(basic(`admin:${PASSWORD}`)), env)).toMatchObject({ ok: false, status: 401, reason: 'malformed' });
    expect((await readLockoutStatus(CLIENT, env)).failures).toBe(0);
    expect(await authenticateBasicAuth(header(basic('api_key:wrong wrong wrong')), env)).toMatchObject({ ok: false, status: 401, reason: 'wrongPassword' });
    expect((await readLockoutStatus(CLIENT, env)).failures).toBe(1);
  });

  it('shares the lockout with the console login and says when to retry', async () => {
    await createRootPassword(PASSWORD, env);
    for (let i = 0; i < 10; i += 1) await verifyRootPassword(`wrong password ${i}`, CLIENT, env);
    const result = await authenticateBasicAuth(header(basic(`api_key:${PASSWORD}`)), env);
    expect(result).toMatchObject({ ok: false, status: 401, reason: 'locked' });
    expect(result.retryAfterSeconds).toBeGreaterThan(590);
  });
});
