import { createNavigation } from 'next-intl/navigation';
import { routing } from './routing';

// Links and paths with the locale prefix added by next-intl from the routing (always `/<locale>/...`),
// rather than built by hand.
export const { Link, getPathname, redirect, usePathname, useRouter } = createNavigation(routing);
