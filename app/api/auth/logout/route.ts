import { NextResponse, type NextRequest } from 'next/server';
import { crossSiteResponse } from '@/lib/auth/auth-responses';
import { isCrossSiteRequest } from '@/lib/auth/csrf';
import { loginPath } from '@/lib/auth/return-path';
import { revokeSession } from '@/lib/auth/revoked-sessions';
import { openSession, readSessionCookie, SESSION_COOKIE, sessionCookieOptions } from '@/lib/auth/session';
import { isSecureRequest } from '@/lib/http/request-origin';
import { readConsoleEnv } from '@/lib/env';
import { localeFromAcceptLanguage } from '@/lib/i18n/messages';
import { isLocale } from '@/lib/i18n/routing';

export const dynamic = 'force-dynamic';

/**
 * Sign out (a plain form POST from the header, so it works without JavaScript): revokes the session
 * server-side, so a copy of the cookie stops working too, clears the cookie and goes to the login page.
 * Public so that signing out of an already expired session still clears the cookie.
 */
export async function POST(request: NextRequest) {
  if (isCrossSiteRequest(request)) return crossSiteResponse(request);
  const env = readConsoleEnv();
  const state = await openSession(readSessionCookie(request), env);
  if (state.status === 'valid') await revokeSession(state.session.sid, env);
  const requested = request.nextUrl.searchParams.get('locale');
  const locale = isLocale(requested) ? requested : localeFromAcceptLanguage(request.headers.get('accept-language'));
  // 303: the browser follows with a GET, so reloading the login page never re-posts. A relative Location:
  // a route handler's request URL names Next.js' own port, not the host the browser (or a reverse proxy) used.
  const response = new NextResponse(null, { status: 303, headers: { location: loginPath(locale, undefined, 'signedOut') } });
  response.cookies.set(SESSION_COOKIE, '', { ...sessionCookieOptions(isSecureRequest(request)), maxAge: 0 });
  response.headers.set('cache-control', 'no-store');
  return response;
}
