import fs from 'node:fs/promises';
import { sealData } from 'iron-session';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleEnv } from '@/lib/env';
import { createRootPassword, replaceRootPassword } from './password-store';
import { revokeSession } from './revoked-sessions';
import { needsRefresh, newSession, openSession, sealSession, sessionTiming } from './session';
import { sessionKeyPath } from './session-key';
import { tempConsoleEnv } from '@/lib/testing/console-env';

const MIN = 60_000;
const limits = { sessionIdleSeconds: 30 * 60, sessionAbsoluteSeconds: 12 * 60 * 60 };

describe('sessionTiming', () => {
  const t0 = Date.UTC(2030, 0, 1);
  it('expires after 30 idle minutes', () => {
    const session = newSession(1, t0);
    expect(sessionTiming(session, limits, t0 + 29 * MIN)).toBe('fresh');
    expect(sessionTiming(session, limits, t0 + 30 * MIN)).toBe('expired');
  });

  it('expires 12 hours after sign-in however active', () => {
    const session = { ...newSession(1, t0), seen: t0 + 12 * 60 * MIN - 1000 };
    expect(sessionTiming(session, limits, t0 + 12 * 60 * MIN - 1)).toBe('fresh');
    expect(sessionTiming(session, limits, t0 + 12 * 60 * MIN)).toBe('expired');
  });

  it('refreshes the cookie at most every tenth of the idle time (capped at a minute)', () => {
    const session = newSession(1, t0);
    expect(needsRefresh(session, limits, t0 + 59_000)).toBe(false);
    expect(needsRefresh(session, limits, t0 + 60_000)).toBe(true);
    expect(needsRefresh(session, { sessionIdleSeconds: 10 }, t0 + 1000)).toBe(true);
  });
});

describe('openSession', () => {
  let env: ConsoleEnv;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ env, cleanup } = await tempConsoleEnv());
    await createRootPassword('root password for tests', env);
  });
  afterEach(() => cleanup());

  it('accepts its own seal and refuses tampered, foreign and garbage cookies', async () => {
    const sealed = await sealSession(newSession(1), env);
    expect(await openSession(sealed, env)).toMatchObject({ status: 'valid', session: { epoch: 1 } });
    expect(await openSession(undefined, env)).toEqual({ status: 'none' });
    expect(await openSession(`${sealed.slice(0, -3)}abc`, env)).toEqual({ status: 'expired' });
    expect(await openSession('Fe26.2**garbage', env)).toEqual({ status: 'expired' });
    expect(await openSession('%%%', env)).toEqual({ status: 'expired' });
    const foreign = await sealData(newSession(1), { password: 'another-secret-that-is-at-least-32-chars' });
    expect(await openSession(foreign, env)).toEqual({ status: 'expired' });
    const wrongShape = await sealData({ admin: true }, { password: (await fs.readFile(sessionKeyPath(env), 'utf8')).trim() });
    expect(await openSession(wrongShape, env)).toEqual({ status: 'expired' });
  });

  it('ends every session when the password changes', async () => {
    const sealed = await sealSession(newSession(1), env);
    await replaceRootPassword('a brand new password', env);
    expect(await openSession(sealed, env)).toEqual({ status: 'expired' });
    expect(await openSession(await sealSession(newSession(2), env), env)).toMatchObject({ status: 'valid' });
  });

  it('refuses a revoked (signed-out) session and idle or old seals', async () => {
    const session = newSession(1);
    const sealed = await sealSession(session, env);
    await revokeSession(session.sid, env);
    expect(await openSession(sealed, env)).toEqual({ status: 'expired' });
    const idle = await sealSession({ ...newSession(1), seen: Date.now() - 31 * MIN }, env);
    expect(await openSession(idle, env)).toEqual({ status: 'expired' });
  });

  it('checks a cookie it has opened before again in full: revocation, password change and a new key end it', async () => {
    const session = newSession(1);
    const sealed = await sealSession(session, env);
    expect(await openSession(sealed, env)).toMatchObject({ status: 'valid' });
    expect(await openSession(sealed, env)).toMatchObject({ status: 'valid', session: { sid: session.sid } });
    expect(await openSession(sealed, env, Date.now() + 31 * MIN)).toEqual({ status: 'expired' });
    await fs.rm(sessionKeyPath(env));
    expect(await openSession(sealed, env)).toEqual({ status: 'expired' });

    const second = newSession(1);
    const resealed = await sealSession(second, env); // under the new key
    expect(await openSession(resealed, env)).toMatchObject({ status: 'valid' });
    await revokeSession(second.sid, env);
    expect(await openSession(resealed, env)).toEqual({ status: 'expired' });

    const third = await sealSession(newSession(1), env);
    expect(await openSession(third, env)).toMatchObject({ status: 'valid' });
    await replaceRootPassword('a brand new password', env);
    expect(await openSession(third, env)).toEqual({ status: 'expired' });
  });

  it('makes the session key once, 0600, and honours CONSOLE_SESSION_SECRET instead', async () => {
    await sealSession(newSession(1), env);
    expect((await fs.stat(sessionKeyPath(env))).mode & 0o777).toBe(0o600);
    const { env: withSecret, cleanup: done } = await tempConsoleEnv({ CONSOLE_SESSION_SECRET: 'x'.repeat(40) });
    try {
      await createRootPassword('root password for tests', withSecret);
      const sealed = await sealSession(newSession(1), withSecret);
      expect(await openSession(sealed, withSecret)).toMatchObject({ status: 'valid' });
      await expect(fs.stat(sessionKeyPath(withSecret))).rejects.toThrow();
    } finally {
      await done();
    }
  });
});
