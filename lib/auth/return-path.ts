import { isLocale, type Locale } from '@/lib/i18n/routing';

// Where to go after login. Only a path on this console is accepted, never a URL: anything else
// (absolute or protocol-relative URLs, backslashes, encoded tricks, API routes) falls back to the home page.

const BASE = 'http://console.invalid';
const AUTH_PAGES = new Set(['login', 'setup']);

export function homePath(locale: Locale): string {
  return `/${locale}/settings/packages`;
}

export function safeReturnPath(candidate: unknown, locale: Locale): string {
  const fallback = homePath(locale);
  if (typeof candidate !== 'string' || candidate === '' || candidate.length > 2048) return fallback;
  if (!candidate.startsWith('/') || candidate.startsWith('//') || /[\\\s\u0000-\u001f\u007f]/.test(candidate)) return fallback;
  let url: URL;
  try {
    url = new URL(candidate, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const [, first, second] = url.pathname.split('/');
  // Every console page lives under a locale; this also rules out /api, /_next and `//host` after normalizing.
  if (!isLocale(first) || (second !== undefined && AUTH_PAGES.has(second))) return fallback;
  return `${url.pathname}${url.search}`;
}

/** The login page for `locale`, coming back to `returnTo` afterwards. */
export function loginPath(locale: Locale, returnTo?: string, reason?: 'expired' | 'signedOut'): string {
  const params = new URLSearchParams();
  if (returnTo && returnTo !== homePath(locale)) params.set('next', returnTo);
  if (reason) params.set('reason', reason);
  const query = params.toString();
  return `/${locale}/login${query ? `?${query}` : ''}`;
}
