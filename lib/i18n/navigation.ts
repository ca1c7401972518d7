import { createNavigation } from 'next-intl/navigation';
import { routing } from './routing';

// Paths with the locale prefix added by next-intl from the routing (always `/<locale>/...`), rather than
// built by hand. Only server code uses them: console links are plain links, rendered for the requested
// page (lib/i18n/page-path.ts), so no client router or link component ships with every page.
export const { getPathname } = createNavigation(routing);
