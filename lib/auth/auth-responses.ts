import { NextResponse } from 'next/server';
import { apiTranslator } from '@/lib/i18n/api-translator';
import { loadMessages, localeFromAcceptLanguage } from '@/lib/i18n/messages';

// JSON refusals shared by the proxy and the route handlers, in the caller's Accept-Language.

const NO_STORE = { 'cache-control': 'no-store' };

/** 401 `{ message, errors: [] }`: no session (or an expired one). */
export async function unauthenticatedResponse(request: Request): Promise<NextResponse> {
  const t = await apiTranslator(request);
  return NextResponse.json({ message: t('AuthErrors.unauthenticated'), errors: [] }, { status: 401, headers: NO_STORE });
}

/** 403 for a state-changing request a browser marked as coming from another site. */
export async function crossSiteResponse(request: Request): Promise<NextResponse> {
  const t = await apiTranslator(request);
  const message = t('AuthErrors.crossSite');
  return NextResponse.json({ message, errors: [{ field: null, code: 'crossSite', message }] }, { status: 403, headers: NO_STORE });
}

/** 421 for a Host the console does not answer under (lib/http/allowed-host.ts). */
export async function misdirectedResponse(request: Request): Promise<NextResponse> {
  const locale = localeFromAcceptLanguage(request.headers.get('accept-language'));
  const message = (await loadMessages(locale)).RequestErrors.unknownHost;
  return NextResponse.json({ message, errors: [{ field: null, code: 'unknownHost', message }] }, { status: 421, headers: NO_STORE });
}
