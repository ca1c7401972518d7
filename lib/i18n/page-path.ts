import { headers } from 'next/headers';
import { isLocale } from './routing';

/**
 * The path a page request asked for, set by proxy.ts on every page request (over anything the browser
 * sent): the header's language links and the sidebar's current page are rendered on the server, so no
 * client-side router or link component is shipped for them.
 */
export const PAGE_PATH_HEADER = 'x-console-page-path';

/** `/fr/settings/runs` → `/settings/runs`: the form next-intl's `getPathname` takes for another locale. */
export function pathWithoutLocale(pathname: string): string {
  const [, first, ...rest] = pathname.split('/');
  return isLocale(first) ? `/${rest.join('/')}` : pathname;
}

/** The requested page's path without its locale prefix; `/` when a request did not pass the proxy. */
export async function requestedPagePath(): Promise<string> {
  return pathWithoutLocale((await headers()).get(PAGE_PATH_HEADER) ?? '/');
}
