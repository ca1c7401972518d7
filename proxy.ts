import createMiddleware from 'next-intl/middleware';
import { routing } from './lib/i18n/routing';

// Redirects `/` and unprefixed paths by Accept-Language (fallback en) and remembers the choice.
export default createMiddleware(routing);

export const config = {
  matcher: ['/((?!api|manage|_next|_vercel|.*\\..*).*)'],
};
