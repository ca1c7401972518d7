import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { readConsoleEnv, type ConsoleEnv } from '@/lib/env';
import type { Locale } from '@/lib/i18n/routing';
import { crossSiteResponse, unauthenticatedResponse } from './auth-responses';
import { isCrossSiteRequest } from './csrf';
import { loginPath } from './return-path';
import { openSession, readSessionCookie, type SessionData, type SessionState } from './session';

// The second lock behind proxy.ts: every route handler and protected page checks the session itself,
// so a matcher change or a route the proxy doesn't see can't expose anything.

export type SessionGuard = { ok: true; session: SessionData } | { ok: false; response: Response };

/** For route handlers: a valid session (and, for state-changing methods, a same-site request) or the refusal to return. */
export async function requireSession(request: Request, env: ConsoleEnv = readConsoleEnv()): Promise<SessionGuard> {
  if (isCrossSiteRequest(request)) return { ok: false, response: await crossSiteResponse(request) };
  const state = await openSession(readSessionCookie(request), env);
  if (state.status !== 'valid') return { ok: false, response: await unauthenticatedResponse(request) };
  return { ok: true, session: state.session };
}

// Once per render: the layout and the page both ask, and opening reads the key and revocation files.
const openRenderSession = cache((cookieValue: string | undefined) => openSession(cookieValue, readConsoleEnv()));

/** The session of the request being rendered (Server Components), without refreshing it. */
export async function currentSession(): Promise<SessionState> {
  return openRenderSession(readSessionCookie({ headers: await headers() }));
}

/** For pages: returns the session, or redirects to the login page that comes back to `returnTo`. */
export async function requirePageSession(locale: Locale, returnTo: string): Promise<SessionData> {
  const state = await currentSession();
  if (state.status === 'valid') return state.session;
  redirect(loginPath(locale, returnTo, state.status === 'expired' ? 'expired' : undefined));
}
