import createMiddleware from 'next-intl/middleware';
import { NextRequest, NextResponse } from 'next/server';
import { crossSiteResponse, misdirectedResponse, unauthenticatedResponse } from './lib/auth/auth-responses';
import { isCrossSiteRequest } from './lib/auth/csrf';
import { loginPath } from './lib/auth/return-path';
import { needsRefresh, openSession, readSessionCookie, sealSession, SESSION_COOKIE, sessionCookieOptions, type SessionState } from './lib/auth/session';
import { readConsoleEnv, type ConsoleEnv } from './lib/env';
import { isAllowedHost } from './lib/http/allowed-host';
import { PUBLIC_ICONS } from './lib/http/public-icons';
import { isSecureRequest, requestHost } from './lib/http/request-origin';
import { applyHeaders, createNonce, NON_PAGE_CSP, pageCsp, securityHeaders } from './lib/http/security-headers';
import { localeFromAcceptLanguage } from './lib/i18n/messages';
import { PAGE_PATH_HEADER } from './lib/i18n/page-path';
import { isLocale, routing } from './lib/i18n/routing';

// Runs before every request (Node.js runtime): the Host check, security headers everywhere, cross-site refusal for
// state-changing requests, and the session gate. Route handlers and pages check the session again
// themselves (lib/auth/require-session.ts): this is the first lock, not the only one.

const handleI18nRouting = createMiddleware(routing);

// The only ways in without a session. Everything else, including paths that don't exist yet, needs one.
const PUBLIC_API_ROUTES = new Set(['/api/auth/login', '/api/auth/setup', '/api/auth/logout']);
const PUBLIC_PAGES = new Set(['login', 'setup']);
// Health check for load balancers (app/status/route.ts): static, says nothing but "up". The icons in
// public/, which browsers fetch on every page, the login page too (PUBLIC_ICONS; nothing else in public/).
const PUBLIC_STATIC = new Set(['/status', ...PUBLIC_ICONS]);

function finish(response: NextResponse, csp: string, secure: boolean): NextResponse {
  applyHeaders(response, securityHeaders(csp, secure));
  return response;
}

/**
 * Slides the idle deadline forward: the cookie is re-sealed with "last seen now" at most every idle/10.
 * An expired cookie is left alone (it opens nothing) so the next page can still say the session ended.
 */
async function refreshSession(response: NextResponse, state: SessionState, env: ConsoleEnv, secure: boolean): Promise<void> {
  const now = Date.now();
  if (state.status === 'valid' && needsRefresh(state.session, env, now)) {
    response.cookies.set(SESSION_COOKIE, await sealSession({ ...state.session, seen: now }, env), sessionCookieOptions(secure));
  }
}

async function guardApi(request: NextRequest, env: ConsoleEnv, secure: boolean): Promise<NextResponse> {
  if (PUBLIC_API_ROUTES.has(request.nextUrl.pathname)) return finish(NextResponse.next(), NON_PAGE_CSP, secure);
  const state = await openSession(readSessionCookie(request), env);
  if (state.status !== 'valid') return finish(await unauthenticatedResponse(request), NON_PAGE_CSP, secure);
  const response = NextResponse.next();
  await refreshSession(response, state, env, secure);
  return finish(response, NON_PAGE_CSP, secure);
}

async function guardPage(request: NextRequest, env: ConsoleEnv, secure: boolean): Promise<NextResponse> {
  const nonce = createNonce();
  const csp = pageCsp(nonce, secure, env.isDevelopment);
  // Next.js takes the nonce for its own inline scripts from the CSP *request* header.
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', csp);
  headers.set('x-nonce', nonce);
  headers.set(PAGE_PATH_HEADER, request.nextUrl.pathname);
  const response = handleI18nRouting(new NextRequest(request, { headers }));
  if (response.headers.has('location')) return finish(response, NON_PAGE_CSP, secure); // locale prefix added

  const { pathname, search } = request.nextUrl;
  const [, locale, section, ...rest] = pathname.split('/');
  if (isLocale(locale) && section && PUBLIC_PAGES.has(section) && rest.length === 0) return finish(response, csp, secure);

  const state = await openSession(readSessionCookie(request), env);
  if (state.status === 'valid') {
    await refreshSession(response, state, env, secure);
    return finish(response, csp, secure);
  }
  const loginLocale = isLocale(locale) ? locale : localeFromAcceptLanguage(request.headers.get('accept-language'));
  const target = loginPath(loginLocale, `${pathname}${search}`, state.status === 'expired' ? 'expired' : undefined);
  // Absolute here (Next.js requires it); Next.js sends same-origin redirects with a relative Location.
  return finish(NextResponse.redirect(new URL(target, request.nextUrl.origin), 307), NON_PAGE_CSP, secure);
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const env = readConsoleEnv();
  const secure = isSecureRequest(request, env);
  // Before anything else: a request under a name the console doesn't answer to may be DNS rebinding.
  if (!isAllowedHost(requestHost(request, env), env)) return finish(await misdirectedResponse(request), NON_PAGE_CSP, secure);
  const { pathname } = request.nextUrl;
  // Hashed build output, the same for everyone and needed by the login page itself.
  if (pathname.startsWith('/_next/static/')) return finish(NextResponse.next(), NON_PAGE_CSP, secure);
  if (PUBLIC_STATIC.has(pathname) && (request.method === 'GET' || request.method === 'HEAD')) return finish(NextResponse.next(), NON_PAGE_CSP, secure);
  if (isCrossSiteRequest(request, env)) return finish(await crossSiteResponse(request), NON_PAGE_CSP, secure);
  if (pathname === '/api' || pathname.startsWith('/api/')) return guardApi(request, env, secure);
  // The Manage API (basic auth, lib/auth/basic-auth.ts) and the Prometheus metrics (the metrics token, or basic auth)
  // authenticate each request themselves, never with cookies.
  if (pathname === '/metrics' || pathname === '/manage' || pathname.startsWith('/manage/')) return finish(NextResponse.next(), NON_PAGE_CSP, secure);
  return guardPage(request, env, secure);
}
