import 'server-only';
import { randomBytes } from 'node:crypto';
import { sealData, unsealData } from 'iron-session';
import type { ConsoleEnv } from '@/lib/env';
import { readPasswordRecord } from './password-store';
import { isSessionRevoked } from './revoked-sessions';
import { loadSessionKey } from './session-key';

// Sessions are iron-session seals (AES-256-CBC + HMAC-SHA-256) in an httpOnly, SameSite=Strict cookie.
// The seal carries the password epoch, when it was issued and when it was last used: the idle (30 min)
// and absolute (12 h) limits and "a password change ends all sessions" are enforced on every request.

export const SESSION_COOKIE = 'console_session';
const FORMAT = 1;

export interface SessionData {
  v: typeof FORMAT;
  sid: string;
  epoch: number;
  iat: number; // ms, issued
  seen: number; // ms, last request
}

export type SessionState = { status: 'valid'; session: SessionData } | { status: 'none' } | { status: 'expired' };

export function newSession(epoch: number, now = Date.now()): SessionData {
  return { v: FORMAT, sid: randomBytes(16).toString('hex'), epoch, iat: now, seen: now };
}

function isSessionData(value: unknown): value is SessionData {
  const data = value as Partial<SessionData> | null;
  return (
    typeof data === 'object' && data !== null && data.v === FORMAT && typeof data.sid === 'string' &&
    [data.epoch, data.iat, data.seen].every((n) => typeof n === 'number' && Number.isFinite(n))
  );
}

/** Pure timing rules, separate from I/O so they can be tested at any clock. */
export function sessionTiming(session: SessionData, env: Pick<ConsoleEnv, 'sessionIdleSeconds' | 'sessionAbsoluteSeconds'>, now: number): 'fresh' | 'expired' {
  if (now - session.iat >= env.sessionAbsoluteSeconds * 1000) return 'expired';
  if (now - session.seen >= env.sessionIdleSeconds * 1000) return 'expired';
  if (session.iat > now + 60_000) return 'expired'; // issued in the future: a clock jump or a forged seal
  return 'fresh';
}

export async function sealSession(session: SessionData, env: ConsoleEnv): Promise<string> {
  return sealData(session, { password: await loadSessionKey(env), ttl: env.sessionAbsoluteSeconds });
}

// Opening a seal costs two PBKDF2 derivations, two key imports, an HMAC and an AES decryption, and every
// signed-in page request opened the same cookie twice (proxy and page). A cookie that opened is
// remembered by its exact value together with the key that opened it, until the seal's own expiry; only
// the crypto is skipped: timing, password epoch and revocation are checked on every request as before.
const OPENED_MAX = 500;
const opened = new Map<string, { key: string; data: SessionData; expiresAt: number }>();

/** The expiry iron-session wrote into the seal (`Fe26.2*id*salt*iv*data*expiry*salt*hmac~2`), if any. */
function sealExpiry(cookieValue: string): number | null {
  const expiry = cookieValue.split('*')[5];
  return expiry && /^\d+$/.test(expiry) ? Number(expiry) : null;
}

async function unsealCookie(cookieValue: string, env: ConsoleEnv, now: number): Promise<unknown> {
  const key = await loadSessionKey(env);
  const hit = opened.get(cookieValue);
  if (hit && hit.key === key && now < hit.expiresAt) return hit.data;
  if (hit) opened.delete(cookieValue);
  const data = await unsealData<SessionData>(cookieValue, { password: key, ttl: env.sessionAbsoluteSeconds });
  const expiresAt = sealExpiry(cookieValue);
  if (isSessionData(data) && expiresAt !== null) {
    if (opened.size >= OPENED_MAX) opened.delete(opened.keys().next().value as string); // the oldest
    opened.set(cookieValue, { key, data: Object.freeze({ ...data }), expiresAt });
  }
  return data;
}

/** Reads a cookie value; anything that isn't a current, unrevoked session of the current password is not a session. */
export async function openSession(cookieValue: string | undefined, env: ConsoleEnv, now = Date.now()): Promise<SessionState> {
  if (!cookieValue) return { status: 'none' };
  let data: unknown;
  try {
    data = await unsealCookie(cookieValue, env, now);
  } catch {
    // iron-session returns {} for bad or expired seals but throws on some malformed ones: same answer.
    return { status: 'expired' };
  }
  if (!isSessionData(data)) return { status: 'expired' };
  if (sessionTiming(data, env, now) === 'expired') return { status: 'expired' };
  const record = await readPasswordRecord(env).catch(() => null);
  if (!record || record.epoch !== data.epoch) return { status: 'expired' };
  if (await isSessionRevoked(data.sid, env)) return { status: 'expired' };
  return { status: 'valid', session: data };
}

/** Re-sealing on every request would send a cookie with every response; once per tenth of the idle time is enough. */
export function needsRefresh(session: SessionData, env: Pick<ConsoleEnv, 'sessionIdleSeconds'>, now: number): boolean {
  return now - session.seen >= Math.min(60_000, (env.sessionIdleSeconds * 1000) / 10);
}

export interface SessionCookieOptions {
  httpOnly: true;
  sameSite: 'strict';
  secure: boolean;
  path: '/';
}

/** No max-age: a browser-session cookie. The seal's own limits decide how long it is honoured. */
export function sessionCookieOptions(secure: boolean): SessionCookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: '/' };
}

/**
 * The session cookie's value from a request's Cookie header: the first, when there are several (the browser
 * sends the most specific cookie first; another site of the same domain may have set a second one). Every
 * reader (proxy, route handlers, pages) goes through here, so all of them judge the same cookie; Next.js'
 * cookie maps keep the last. Read from the header rather than through a NextRequest copy: copying a Request
 * locks its body, which the route handler still has to read.
 */
export function readSessionCookie(request: { headers: Pick<Headers, 'get'> }): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === SESSION_COOKIE) return part.slice(separator + 1).trim();
  }
  return undefined;
}
